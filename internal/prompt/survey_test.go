package prompt

import (
	"errors"
	"os"
	"slices"
	"testing"
)

// keys returns a Survey reading keys from a pipe (survey sets no terminal mode on it and
// draws into /dev/null). Select questions read keys directly, so a pipe serves them;
// line questions are tested through a real terminal in cmd/gonew-prod.
func keys(t *testing.T, typed string) *Survey {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	if _, err := w.WriteString(typed); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	out, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { out.Close() })
	return NewSurvey(r, out, out)
}

var opts = []Option{{Value: "a", Help: "first"}, {Value: "b", Help: "second", Detail: "the second, at length"}, {Value: "c"}}

func TestSurveySelect(t *testing.T) {
	tests := []struct {
		typed, def, want string
	}{
		{"\r", "b", "b"},       // Enter takes the default
		{"\x1b[B\r", "b", "c"}, // Down from the default
		{"\r", "zz", "a"},      // an unknown default is ignored
	}
	for _, tt := range tests {
		got, err := keys(t, tt.typed).Select("pick", opts, tt.def)
		if err != nil || got != tt.want {
			t.Errorf("Select(%q, default %q) = %q, %v; want %q", tt.typed, tt.def, got, err, tt.want)
		}
	}
}

func TestSurveyMultiSelect(t *testing.T) {
	// c is checked first, then a: the answer still follows the options' order.
	got, err := keys(t, "\x1b[A \x1b[B \r").MultiSelect("pick", opts, []string{"b", "zz"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a", "b", "c"}; !slices.Equal(got, want) {
		t.Errorf("MultiSelect = %q, want %q", got, want)
	}
}

func TestSurveyAborted(t *testing.T) {
	s := func() *Survey { return keys(t, "\x03") }
	if _, err := s().Select("pick", opts, "a"); !errors.Is(err, ErrAborted) {
		t.Errorf("Ctrl-C at Select: %v, want ErrAborted", err)
	}
	if _, err := s().MultiSelect("pick", opts, nil); !errors.Is(err, ErrAborted) {
		t.Errorf("Ctrl-C at MultiSelect: %v, want ErrAborted", err)
	}
	// The end of the input (a closed terminal) aborts too: nothing waits on it.
	eof := func() *Survey { return keys(t, "") }
	if _, err := eof().Input("q", "", nil); !errors.Is(err, ErrAborted) {
		t.Errorf("EOF at Input: %v, want ErrAborted", err)
	}
	if _, err := eof().Confirm("q", true); !errors.Is(err, ErrAborted) {
		t.Errorf("EOF at Confirm: %v, want ErrAborted", err)
	}
	if _, err := eof().Select("q", opts, "a"); !errors.Is(err, ErrAborted) {
		t.Errorf("EOF at Select: %v, want ErrAborted", err)
	}
}

func TestHelp(t *testing.T) {
	if got := help([]Option{{Value: "a", Help: "x"}}); got != "" {
		t.Errorf("help without details = %q, want none (no '?' offered)", got)
	}
	want := "Options:\n  a: first\n  b: the second, at length\n  c"
	if got := help(opts); got != want {
		t.Errorf("help = %q, want %q", got, want)
	}
}
