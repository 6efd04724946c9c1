import CMalloc
import KaartenbakCommands

// A batch process: memory freed by one phase is kept for the next instead of going back to the
// kernel, so the large arrays of each phase (hundreds of megabytes at a million records) reuse pages
// rather than fault in fresh, zeroed ones. On the 2-core benchmark machine this took a median 1.4 s
// off a million-record dedupe night, most of it system time (docs/dedupe-stage.md). The memory is
// given back when the process exits. Best effort: should glibc refuse, its defaults stay.
_ = kb_keep_freed_memory()

// The executable stays thin: every command lives in KaartenbakCommands.
await Kaartenbak.runFromCommandLine()
