// Command migrate is a tool: it serves nothing.
package main

import "fmt"

func main() { fmt.Println("migrating") }
