package generator

import "syscall"

// syscallNotDir is returned by Lstat when a parent of the path is a file.
var syscallNotDir = syscall.ENOTDIR
