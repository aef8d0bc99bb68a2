from hoko_cli import main

main()
