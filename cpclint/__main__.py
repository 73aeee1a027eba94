from cpclint.cli import main

main()
