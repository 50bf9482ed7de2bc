import CNcurses

/// ncursesw draws and reads wide characters only under a UTF-8 locale.
enum TerminalLocale {
    /// Takes the user's locale; when it is not UTF-8 (often `C` or `POSIX` over ssh or in cron),
    /// switches character handling to `C.UTF-8` so accented notes and CJK names still work.
    /// Returns whether the character locale is UTF-8 afterwards.
    @discardableResult
    static func prepare() -> Bool {
        setlocale(LC_ALL, "")
        if ca_locale_is_utf8() != 0 { return true }
        for name in ["C.UTF-8", "C.utf8", "en_GB.UTF-8", "en_US.UTF-8"] {
            if setlocale(LC_CTYPE, name) != nil, ca_locale_is_utf8() != 0 { return true }
        }
        return false
    }
}
