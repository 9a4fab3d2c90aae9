// The ncursesw API as Swift can import it. ncurses exposes much of its API as macros (attributes,
// mouse masks, KEY_F, getmaxyx) and as mutable globals (stdscr, COLS, LINES) that are not
// concurrency-safe; the static inline functions below give Swift plain functions for both.
#ifndef BALANS_CNCURSESW_SHIM_H
#define BALANS_CNCURSESW_SHIM_H

#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <ncursesw/curses.h>

#endif
