import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a command's `--out` goes. One rule for every command: `-` or no `--out` is standard
/// output; a FIFO or device (`/dev/stdout`, `/dev/null`) is written in place, since replacing
/// it would destroy it; a symlink is followed and its target written; a regular file or a new
/// path is written all or nothing (AtomicFile, mode 0600).
public enum OutputFile {
    /// Writes `data` to `out`, or to standard output when `out` is nil or `-`.
    /// A place that cannot be created is exit 73 naming `out`; a failed write is exit 74.
    public static func write(_ data: Data, to out: String?) throws {
        guard let out, out != "-" else {
            try writeStandardOutput(data)
            return
        }
        var info = stat()
        if stat(out, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                throw CaseAuditError(.cannotCreate, file: out, "is a folder, not a file",
                                     remedy: "give a file name, such as \(out)/report.csv")
            case S_IFREG:
                // A symlink is resolved so the link stays and its target gets the new contents.
                let target = realpath(out, nil).map { p -> String in defer { free(p) }; return String(cString: p) } ?? out
                try writeRegular(data, to: target, shownAs: out)
            default:
                try writeInPlace(data, to: out)
            }
            return
        }
        let err = errno
        var linkInfo = stat()
        if lstat(out, &linkInfo) == 0 {
            throw CaseAuditError(.cannotCreate, file: out, "is a link to something that does not exist",
                                 remedy: "create the file it points to, remove the link, or choose another --out")
        }
        if err != ENOENT {
            throw CaseAuditError(.cannotCreate, file: out, "cannot create the file: \(String(cString: strerror(err)))",
                                 remedy: "check the path and that you may write there, or choose another --out")
        }
        try writeRegular(data, to: out, shownAs: out)
    }

    /// Writes all of `data` to standard output. A closed pipe or a full disk is exit 74, not a crash.
    public static func writeStandardOutput(_ data: Data) throws {
        if let code = writeAll(STDOUT_FILENO, data) {
            throw CaseAuditError(.ioError, file: "standard output", "cannot write: \(String(cString: strerror(code)))",
                                 remedy: code == EPIPE ? "the program reading the output stopped early; run again without it, or use --out FILE"
                                                       : "check there is space on the disk, or use --out with another place")
        }
    }

    static func writeRegular(_ data: Data, to path: String, shownAs out: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        var info = stat()
        guard stat(folder.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw CaseAuditError(.cannotCreate, file: out, "cannot create the file: the folder \(folder.path) does not exist",
                                 remedy: "create the folder or choose another --out")
        }
        guard access(folder.path, W_OK) == 0 else {
            throw CaseAuditError(.cannotCreate, file: out, "cannot create the file: you may not write to the folder \(folder.path)",
                                 remedy: "check the folder's permissions or choose another --out")
        }
        do {
            try AtomicFile.write(data, to: url)
        } catch let e as CaseAuditError {
            throw CaseAuditError(.ioError, file: out, "cannot write the file: \(e.diagnostic.message)",
                                 remedy: "check there is space on the disk, or choose another --out")
        }
    }

    static func writeInPlace(_ data: Data, to out: String) throws {
        let fd = open(out, O_WRONLY | O_NOCTTY)
        guard fd >= 0 else {
            throw CaseAuditError(.cannotCreate, file: out, "cannot open for writing: \(String(cString: strerror(errno)))",
                                 remedy: "check you may write to it, or choose another --out")
        }
        defer { close(fd) }
        if let code = writeAll(fd, data) {
            throw CaseAuditError(.ioError, file: out, "cannot write: \(String(cString: strerror(code)))",
                                 remedy: "check there is space and that whatever reads it is still running, or choose another --out")
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
