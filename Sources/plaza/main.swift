import PlazaCLI

await PlazaCommand.runMain()
