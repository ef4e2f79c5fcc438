package lib

import "testing"

func TestGreeting(t *testing.T) {
	if got := Greeting("ada"); got != "hello, ada" {
		t.Errorf("Greeting = %q", got)
	}
}
