import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a command's `--out` goes. One rule for every command: `-`, `/dev/stdout` or no `--out`
/// is standard output; a FIFO or device (`/dev/null`), or a link to one, is written in place,
/// since replacing it would destroy it; a link to a file (or to nothing) is refused unless
/// `--follow` is given, since someone else may have planted it to have their target overwritten;
/// a regular file or a new path is written all or nothing (temporary file, fsync, rename; mode 0600).
public enum OutputFile {
    /// How an existing or new `--out` path is written.
    enum Place: Equatable {
        case inPlace
        /// Written atomically at this path (a symlink's target, resolved).
        case atomic(String)
    }

    /// Writes `data` to `out`, or to standard output when `out` is nil or `-`.
    /// A place that cannot be created is exit 73 naming `out`; a failed write is exit 74.
    public static func write(_ data: Data, to out: String?, follow: Bool = false) throws {
        let sink = try OutputSink.open(out, follow: follow)
        try sink.write(data)
        try sink.commit()
    }

    /// Writes all of `data` to standard output. A closed pipe or a full disk is exit 74, not a crash.
    public static func writeStandardOutput(_ data: Data) throws {
        if let code = writeAll(STDOUT_FILENO, data) { throw standardOutputError(code) }
    }

    public static func standardOutputError(_ code: Int32) -> CaseAuditError {
        CaseAuditError(.ioError, file: "standard output", "cannot write: \(String(cString: strerror(code)))",
                       remedy: code == EPIPE ? "the program reading the output stopped early; run again without it, or use --out FILE"
                                             : "check there is space on the disk, or use --out with another place")
    }

    /// Decides how `out` is written, checking what can be checked before anything is written.
    static func place(_ out: String, follow: Bool = false) throws -> Place {
        var info = stat()
        var linkInfo = stat()
        let isLink = lstat(out, &linkInfo) == 0 && (linkInfo.st_mode & S_IFMT) == S_IFLNK
        let found = stat(out, &info) == 0
        let err = errno
        if isLink && !follow && (!found || [S_IFREG, S_IFDIR].contains(info.st_mode & S_IFMT)) {
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: out)).map { " to \($0)" } ?? ""
            throw CaseAuditError(.cannotCreate, file: out, "is a symbolic link\(target); --out does not write through links",
                                 remedy: "add --follow to write to what it points to, or choose another --out")
        }
        if found {
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                throw CaseAuditError(.cannotCreate, file: out, "is a folder, not a file",
                                     remedy: "give a file name, such as \(out)/report.csv")
            case S_IFREG:
                // A symlink is resolved so the link stays and its target gets the new contents.
                let target = realpath(out, nil).map { p -> String in defer { free(p) }; return String(cString: p) } ?? out
                try checkFolder(of: target, shownAs: out)
                return .atomic(target)
            default:
                return .inPlace
            }
        }
        if isLink {
            throw CaseAuditError(.cannotCreate, file: out, "is a link to something that does not exist",
                                 remedy: "create the file it points to, remove the link, or choose another --out")
        }
        if err != ENOENT && err != ENOTDIR {
            throw CaseAuditError(.cannotCreate, file: out, "cannot create the file: \(String(cString: strerror(err)))",
                                 remedy: "check the path and that you may write there, or choose another --out")
        }
        try checkFolder(of: out, shownAs: out)
        return .atomic(out)
    }

    static func checkFolder(of path: String, shownAs out: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var info = stat()
        guard stat(folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw CaseAuditError(.cannotCreate, file: out, "cannot create the file: the folder \(folder) does not exist",
                                 remedy: "create it first (mkdir -p \(folder)) or choose another --out")
        }
        guard access(folder, W_OK) == 0 else {
            throw CaseAuditError(.cannotCreate, file: out, "cannot create the file: you may not write to the folder \(folder)",
                                 remedy: "check the folder's permissions or choose another --out")
        }
    }

    /// Writes everything, retrying short writes and EINTR; returns errno on failure.
    static func writeAll(_ fd: Int32, _ data: Data) -> Int32? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Int32? in
            guard let base = raw.baseAddress else { return nil }
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, base + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return nil
        }
    }
}
