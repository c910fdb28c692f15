/* placeholder until the yaml tests land: fails on purpose so it cannot be forgotten */
int main(void)
{
    return 1;
}
