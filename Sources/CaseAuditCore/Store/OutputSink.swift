import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open `--out`, written piece by piece so a large export never has to be held in memory.
/// The same rules as `OutputFile.write`: a regular or new file is written to a temporary file
/// beside it and renamed over it by `commit()` (nothing is replaced when a write fails); standard
/// output, a FIFO or a device is written in place.
public final class OutputSink {
    private let fd: Int32
    private let shownAs: String
    private let ownsDescriptor: Bool
    /// For a file written atomically: the temporary file and the final path.
    private let temporary: String?
    private let target: String?
    private var done = false

    private init(fd: Int32, shownAs: String, ownsDescriptor: Bool, temporary: String? = nil, target: String? = nil) {
        self.fd = fd
        self.shownAs = shownAs
        self.ownsDescriptor = ownsDescriptor
        self.temporary = temporary
        self.target = target
    }

    deinit {
        if ownsDescriptor && !done { close(fd) }
        if let temporary, !done { unlink(temporary) }
    }

    /// Opens `out` (nil, `-` or `/dev/stdout` for standard output). `follow` writes to the target
    /// of a link to a file instead of refusing it. Errors as `OutputFile.write`.
    public static func open(_ out: String?, follow: Bool = false) throws -> OutputSink {
        // /dev/stdout is a link (to /proc/self/fd/1), and may lead to a file the shell redirected to.
        guard let out, out != "-", out != "/dev/stdout" else {
            return OutputSink(fd: STDOUT_FILENO, shownAs: "standard output", ownsDescriptor: false)
        }
        switch try OutputFile.place(out, follow: follow) {
        case .inPlace:
            let fd = Glibc.open(out, O_WRONLY | O_NOCTTY)
            guard fd >= 0 else {
                throw CaseAuditError(.cannotCreate, file: out, "cannot open for writing: \(String(cString: strerror(errno)))",
                                     remedy: "check you may write to it, or choose another --out")
            }
            return OutputSink(fd: fd, shownAs: out, ownsDescriptor: true)
        case .atomic(let path):
            let url = URL(fileURLWithPath: path)
            let temp = url.deletingLastPathComponent().appendingPathComponent(
                "\(AtomicFile.temporaryPrefix)\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max))").path
            let fd = Glibc.open(temp, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            guard fd >= 0 else {
                throw CaseAuditError(.cannotCreate, file: out, "cannot create the file: \(String(cString: strerror(errno)))",
                                     remedy: "check you may write to \(url.deletingLastPathComponent().path), or choose another --out")
            }
            fchmod(fd, 0o600)
            return OutputSink(fd: fd, shownAs: out, ownsDescriptor: true, temporary: temp, target: path)
        }
    }

    public func write(_ text: String) throws {
        try write(Data(text.utf8))
    }

    public func write(_ data: Data) throws {
        if let code = OutputFile.writeAll(fd, data) { throw failure(code) }
    }

    /// Finishes: a file written atomically is flushed and renamed over its target.
    public func commit() throws {
        guard !done else { return }
        if let temporary, let target {
            guard fsync(fd) == 0 else { throw failure(errno) }
            close(fd)
            done = true
            guard rename(temporary, target) == 0 else {
                let code = errno
                unlink(temporary)
                throw CaseAuditError(.ioError, file: shownAs, "cannot replace the file: \(String(cString: strerror(code)))",
                                     remedy: "check you may write to the folder, or choose another --out")
            }
            AtomicFile.syncFolder(URL(fileURLWithPath: target).deletingLastPathComponent())
        } else if ownsDescriptor {
            close(fd)
            done = true
        }
    }

    private func failure(_ code: Int32) -> CaseAuditError {
        if temporary == nil && !ownsDescriptor {
            return OutputFile.standardOutputError(code)
        }
        return CaseAuditError(.ioError, file: shownAs, "cannot write: \(String(cString: strerror(code)))",
                              remedy: "check there is space and that whatever reads it is still running, or choose another --out")
    }
}
