#include <stdio.h>
int main(void)
{
    puts("bullpen " BULLPEN_VERSION);
    return 0;
}
