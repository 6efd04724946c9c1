import KaartenbakCommands

await Kaartenbak.main()
