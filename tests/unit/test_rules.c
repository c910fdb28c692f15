/* placeholder until the rules tests land: fails on purpose */
int main(void)
{
    return 1;
}
