// The ncursesw API as Swift can import it. ncurses exposes much of its API as macros (attributes,
// mouse masks, KEY_F, getmaxyx) and as mutable globals (stdscr, COLS, LINES) that are not
// concurrency-safe; the static inline functions below give Swift plain functions for both.
// Mouse bits differ between ncurses builds (macOS, Linux, ABI 5/6): always take them from here.
#ifndef BALANS_CNCURSESW_SHIM_H
#define BALANS_CNCURSESW_SHIM_H

#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <ncursesw/curses.h>


// MARK: globals and sizes

static inline WINDOW *balans_stdscr(void) { return stdscr; }
/// The next refresh repaints every cell (after a suspend: the shell wrote over the screen).
static inline void balans_clear_on_next_refresh(void) { clearok(curscr, TRUE); }
static inline int balans_rows(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)x; return y; }
static inline int balans_cols(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)y; return x; }

// MARK: keys

static inline int balans_key_f(int n) { return KEY_F(n); }
static inline int balans_key_code_yes(void) { return KEY_CODE_YES; }
static inline int balans_key_up(void) { return KEY_UP; }
static inline int balans_key_down(void) { return KEY_DOWN; }
static inline int balans_key_left(void) { return KEY_LEFT; }
static inline int balans_key_right(void) { return KEY_RIGHT; }
static inline int balans_key_home(void) { return KEY_HOME; }
static inline int balans_key_end(void) { return KEY_END; }
static inline int balans_key_ppage(void) { return KEY_PPAGE; }
static inline int balans_key_npage(void) { return KEY_NPAGE; }
static inline int balans_key_enter(void) { return KEY_ENTER; }
static inline int balans_key_btab(void) { return KEY_BTAB; }
static inline int balans_key_backspace(void) { return KEY_BACKSPACE; }
static inline int balans_key_dc(void) { return KEY_DC; }
static inline int balans_key_mouse(void) { return KEY_MOUSE; }
static inline int balans_key_resize(void) { return KEY_RESIZE; }

// MARK: mouse masks

static inline mmask_t balans_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t balans_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t balans_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t balans_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t balans_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline mmask_t balans_all_mouse_events(void) { return ALL_MOUSE_EVENTS; }
static inline mmask_t balans_report_mouse_position(void) { return REPORT_MOUSE_POSITION; }

// MARK: attributes and colours

static inline attr_t balans_a_normal(void) { return A_NORMAL; }
static inline attr_t balans_a_bold(void) { return A_BOLD; }
static inline attr_t balans_a_dim(void) { return A_DIM; }
static inline attr_t balans_a_underline(void) { return A_UNDERLINE; }
static inline attr_t balans_a_reverse(void) { return A_REVERSE; }
static inline attr_t balans_color_pair(int n) { return (attr_t)COLOR_PAIR(n); }
static inline int balans_color_pairs(void) { return COLOR_PAIRS; }

// MARK: drawing

/// Writes the UTF-8 text `utf8` at (y, x) of `w` with attributes `attr` and colour pair `pair`.
/// Characters that do not convert in the current locale are drawn as '?'. Returns ERR or OK
/// (writing the bottom-right cell returns ERR although the cell is drawn).
static inline int balans_put(WINDOW *w, int y, int x, const char *utf8, attr_t attr, short pair) {
    wchar_t buffer[512];
    size_t n = 0;
    mbstate_t state;
    memset(&state, 0, sizeof state);
    const char *p = utf8;
    size_t left = strlen(utf8);
    while (left > 0 && n < sizeof buffer / sizeof buffer[0] - 1) {
        wchar_t wc;
        size_t used = mbrtowc(&wc, p, left, &state);
        if (used == (size_t)-1 || used == (size_t)-2) {
            wc = L'?';
            used = 1;
            memset(&state, 0, sizeof state);
        } else if (used == 0) {
            break;
        }
        buffer[n++] = wc;
        p += used;
        left -= used;
    }
    buffer[n] = 0;
    wattr_set(w, attr, pair, NULL);
    return mvwaddnwstr(w, y, x, buffer, (int)n);
}

/// A terminfo string capability, or NULL when the terminal has none.
static inline const char *balans_tigetstr(const char *name) {
    char *s = tigetstr(name);
    if (s == NULL || s == (char *)-1) return NULL;
    return s;
}

/// The name of the locale's character set (after setlocale), e.g. "UTF-8".
static inline const char *balans_codeset(void) { return nl_langinfo(CODESET); }

#endif
