// Keeps the test target buildable until its own tests land; SwiftPM rejects a target with no sources.
