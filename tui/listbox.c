/* The shared list movement. */
#include "tui/listbox.h"

void listbox_clamp(struct listbox *lb, int height)
{
    if (height < 1) height = 1;
    if (lb->sel >= lb->n) lb->sel = lb->n - 1;
    if (lb->sel < 0) lb->sel = 0;
    if (lb->top > lb->sel) lb->top = lb->sel;
    if (lb->sel >= lb->top + height) lb->top = lb->sel - height + 1;
    if (lb->top > lb->n - height) lb->top = lb->n - height;
    if (lb->top < 0) lb->top = 0;
}

int listbox_request(struct listbox *lb, enum action a, int height)
{
    int page = height > 1 ? height - 1 : 1;
    switch (a) {
    case ACT_MOVE_DOWN:
        lb->sel++;
        break;
    case ACT_MOVE_UP:
        lb->sel--;
        break;
    case ACT_PAGE_DOWN:
        lb->sel += page;
        lb->top += page;
        break;
    case ACT_PAGE_UP:
        lb->sel -= page;
        lb->top -= page;
        break;
    case ACT_MOVE_FIRST:
        lb->sel = 0;
        break;
    case ACT_MOVE_LAST:
        lb->sel = lb->n - 1;
        break;
    default:
        return 0;
    }
    listbox_clamp(lb, height);
    return 1;
}

int listbox_mouse(struct listbox *lb, int row, int button, int height)
{
    if (button == 4 || button == 5) {
        int d = button == 4 ? -3 : 3;
        lb->top += d;
        lb->sel += d;
        listbox_clamp(lb, height);
        return 0;
    }
    int r = lb->top + row;
    if (r < 0 || r >= lb->n) return 0;
    int again = r == lb->sel;
    lb->sel = r;
    listbox_clamp(lb, height);
    return again;
}
