from accord.cli.app import main

main()
