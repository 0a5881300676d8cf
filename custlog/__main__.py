from custlog.cli import main

main()
