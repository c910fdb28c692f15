/* placeholder until the cli_output tests land: fails on purpose so it cannot be forgotten */
int main(void)
{
    return 1;
}
