import PlazaCLI
