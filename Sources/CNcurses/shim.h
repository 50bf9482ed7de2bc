#ifndef CASEAUDIT_CNCURSES_SHIM_H
#define CASEAUDIT_CNCURSES_SHIM_H
// The wide-character API (get_wch, cchar_t, add_wch) is only declared with this set.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>

// Swift 6 cannot use C globals and compound macros directly: wrap them.
static inline WINDOW *ca_stdscr(void) { return stdscr; }
static inline int ca_lines(void) { return LINES; }
static inline int ca_cols(void) { return COLS; }
static inline int ca_colors(void) { return COLORS; }
static inline attr_t ca_a_bold(void) { return A_BOLD; }
static inline attr_t ca_a_reverse(void) { return A_REVERSE; }
static inline attr_t ca_a_underline(void) { return A_UNDERLINE; }
static inline attr_t ca_a_dim(void) { return A_DIM; }
static inline attr_t ca_a_normal(void) { return A_NORMAL; }
static inline attr_t ca_color_pair(int n) { return COLOR_PAIR(n); }
static inline int ca_key_resize(void) { return KEY_RESIZE; }
static inline int ca_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int ca_getmaxx(WINDOW *w) { return getmaxx(w); }
static inline int ca_err(void) { return ERR; }
static inline int ca_key_code_yes(void) { return KEY_CODE_YES; }

#endif
