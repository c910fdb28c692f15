/* placeholder until the json tests land: fails on purpose so it cannot be forgotten */
int main(void)
{
    return 1;
}
