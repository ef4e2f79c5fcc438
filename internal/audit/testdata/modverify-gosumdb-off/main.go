package main

import "git.corp.example/team/lib"

func main() { lib.Run() }
