package main

import "os/signal"

var _ = signal.Notify
