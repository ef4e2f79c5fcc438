package main

import (
	"os"
	"os/signal"
	"syscall"
	"testing"
)

func TestSignals(t *testing.T) { signal.Notify(make(chan os.Signal, 1), syscall.SIGTERM) }
