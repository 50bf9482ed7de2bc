// swift-tools-version:6.0
import PackageDescription

// Linux only: the code reads Linux's stat fields (st_mtim, st_ctim) and links ncursesw, so no
// Apple platform is claimed (SwiftPM's `platforms` cannot name Linux).
let package = Package(
    name: "caseaudit",
    products: [
        .executable(name: "caseaudit", targets: ["caseaudit"]),
    ],
    dependencies: [
        // Command-line parsing, help text and usage errors (exit 64).
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // YAML for templates and measures, with line and column marks for error messages.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .target(
            name: "CaseAuditCore",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .systemLibrary(
            name: "CNcurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(
            name: "CaseAuditUI",
            dependencies: ["CaseAuditCore"]
        ),
        .target(
            name: "CursesTerminal",
            dependencies: ["CNcurses", "CaseAuditUI"]
        ),
        .executableTarget(
            name: "caseaudit",
            dependencies: [
                "CaseAuditCore", "CaseAuditUI", "CursesTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "CaseAuditCoreTests", dependencies: ["CaseAuditCore"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "CaseAuditUITests", dependencies: ["CaseAuditUI", "CaseAuditCore"],
                    exclude: ["Goldens"]),
        .testTarget(name: "CursesTerminalTests", dependencies: ["CursesTerminal", "CaseAuditUI"]),
    ]
)
