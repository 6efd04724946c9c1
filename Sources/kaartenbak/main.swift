import CGlibc
import KaartenbakCommands

// A batch process whose large tables (hundreds of megabytes at a million records) are read at
// random: glibc's heap on transparent huge pages takes fewer page faults and TLB misses. glibc
// reads that setting only at start, so the program starts itself again once with it; on the
// 2-core benchmark machine this took about a second (a tenth) off a million-record dedupe night
// (docs/dedupe-stage.md). `GLIBC_TUNABLES=glibc.malloc.hugetlb=0` turns it off.
// Only the commands that run the dedupe stage's large tables, where it was measured; not `--help`,
// `classify`, `status` or the tests' many short runs, which would pay a second start for nothing.
let heavyCommands: Set<String> = ["run", "rerun", "stage", "bench"]
if CommandLine.arguments.count > 1, heavyCommands.contains(CommandLine.arguments[1]) {
    kb_restart_with_huge_pages(CommandLine.unsafeArgv)
}

// Memory freed by one phase is kept for the next instead of going back to the kernel, so the
// large arrays of each phase reuse pages rather than fault in fresh, zeroed ones. On the same
// machine this took a median 1.4 s off a million-record dedupe night, most of it system time.
// The memory is given back when the process exits. Best effort: should glibc refuse, its defaults stay.
_ = kb_keep_freed_memory()

// A night holds a few files open per source (`NormalisedLines`): the soft limit of open files goes up to the
// hard one, so that cron's 1,024 does not bound the number of sources. Best effort, like the above.
_ = kb_raise_open_file_limit()

// The executable stays thin: every command lives in KaartenbakCommands.
await Kaartenbak.runFromCommandLine()
