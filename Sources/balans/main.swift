import BalansCLI

BalansCommand.main()
