import KaartenbakCommands

// The executable stays thin: every command lives in KaartenbakCommands.
await Kaartenbak.runFromCommandLine()
