#ifndef CASEAUDIT_CNCURSES_SHIM_H
#define CASEAUDIT_CNCURSES_SHIM_H
// The wide-character API (get_wch, cchar_t, add_wch) is only declared with this set.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>

// Swift 6 cannot use C globals and compound macros directly: wrap them.
static inline WINDOW *ca_stdscr(void) { return stdscr; }
static inline WINDOW *ca_curscr(void) { return curscr; }
static inline int ca_lines(void) { return LINES; }
static inline int ca_cols(void) { return COLS; }
static inline int ca_colors(void) { return COLORS; }
static inline int ca_color_pairs(void) { return COLOR_PAIRS; }
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
static inline int ca_ok(void) { return OK; }
static inline int ca_key_code_yes(void) { return KEY_CODE_YES; }

// Standard streams are C globals too.
static inline FILE *ca_stdout(void) { return stdout; }
static inline FILE *ca_stdin(void) { return stdin; }

// True when the current LC_CTYPE encodes text as UTF-8.
static inline int ca_locale_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    return cs != NULL && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

// Key codes from get_wch (function keys come with KEY_CODE_YES).
static inline int ca_key_up(void) { return KEY_UP; }
static inline int ca_key_down(void) { return KEY_DOWN; }
static inline int ca_key_left(void) { return KEY_LEFT; }
static inline int ca_key_right(void) { return KEY_RIGHT; }
static inline int ca_key_ppage(void) { return KEY_PPAGE; }
static inline int ca_key_npage(void) { return KEY_NPAGE; }
static inline int ca_key_home(void) { return KEY_HOME; }
static inline int ca_key_end(void) { return KEY_END; }
static inline int ca_key_a1(void) { return KEY_A1; }
static inline int ca_key_c1(void) { return KEY_C1; }
static inline int ca_key_a3(void) { return KEY_A3; }
static inline int ca_key_c3(void) { return KEY_C3; }
static inline int ca_key_enter(void) { return KEY_ENTER; }
static inline int ca_key_backspace(void) { return KEY_BACKSPACE; }
static inline int ca_key_dc(void) { return KEY_DC; }
static inline int ca_key_btab(void) { return KEY_BTAB; }
static inline int ca_key_f0(void) { return KEY_F0; }

// Writes one cell: a spacing character plus up to four combining characters, with attributes
// and a colour pair. Returns ERR (harmlessly) at the bottom-right corner, where the cursor cannot advance.
static inline int ca_put_cell(WINDOW *w, int y, int x, const wchar_t *text, attr_t attrs, short pair) {
    cchar_t c;
    if (setcchar(&c, text, attrs, pair, NULL) == ERR) return ERR;
    return mvwadd_wch(w, y, x, &c);
}

// Reads one cell back (for tests): its characters (NUL-terminated, at most CCHARW_MAX),
// attributes without the colour bits, and the colour pair.
static inline int ca_read_cell(WINDOW *w, int y, int x, wchar_t *text, attr_t *attrs, short *pair) {
    cchar_t c;
    if (mvwin_wch(w, y, x, &c) == ERR) return ERR;
    wchar_t buf[CCHARW_MAX + 1];
    memset(buf, 0, sizeof buf);
    attr_t a = 0;
    short p = 0;
    if (getcchar(&c, buf, &a, &p, NULL) == ERR) return ERR;
    for (int i = 0; i <= CCHARW_MAX; i++) text[i] = buf[i];
    *attrs = a & (A_ATTRIBUTES & ~A_COLOR);
    *pair = p;
    return OK;
}
static inline int ca_ccharw_max(void) { return CCHARW_MAX; }

// Reads a row's text (for tests): wide characters once, continuation cells skipped.
static inline int ca_read_row(WINDOW *w, int y, wchar_t *text, int n) {
    return mvwinnwstr(w, y, 0, text, n);
}

#endif
