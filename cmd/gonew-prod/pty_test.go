//go:build linux

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// These tests run the real command (this test binary, re-executed as gonew-prod by
// testscript.Main) on a pseudo-terminal and answer its questions with keystrokes.

// Keys as a terminal sends them.
const (
	keyEnter = "\r"
	keyDown  = "\x1b[B"
	keyUp    = "\x1b[A"
	keySpace = " "
	keyCtrlC = "\x03"
)

// The terminal's size.
const ptyRows, ptyCols = 50, 200

// ptyTimeout bounds every wait for the command (generous for -race on a busy machine).
const ptyTimeout = 5 * time.Second

// session is one run of gonew-prod on a pseudo-terminal.
type session struct {
	t    *testing.T
	ptmx *os.File // the terminal's side
	tty  *os.File // the command's side
	cmd  *exec.Cmd

	mu       sync.Mutex
	out      bytes.Buffer  // everything the command wrote, raw
	seen     int           // how much of the stripped output expect has consumed
	reported int           // how much of out was scanned for cursor position requests
	changed  chan struct{} // signalled after every read
	done     chan struct{} // closed when the terminal is closed on the command's side
	exit     chan error    // the command's Wait result
}

// startPTY starts gonew-prod with args in dir, with stdin, stdout and stderr on a new
// 200x50 pseudo-terminal.
func startPTY(t *testing.T, dir string, args ...string) *session {
	t.Helper()
	bin, err := exec.LookPath("gonew-prod")
	if err != nil {
		t.Fatalf("gonew-prod is not on PATH (set up by TestMain): %v", err)
	}
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatalf("open a pty: %v", err)
	}
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: ptyRows, Cols: ptyCols}); err != nil {
		t.Fatalf("set the terminal size: %v", err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Env = dir, ptyEnv(dir)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	// A session of its own with the pty as controlling terminal, as a shell does.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		ptmx.Close()
		tty.Close()
		t.Fatalf("start on a pty: %v", err)
	}
	s := &session{t: t, ptmx: ptmx, tty: tty, cmd: cmd, changed: make(chan struct{}, 1), done: make(chan struct{}), exit: make(chan error, 1)}
	go s.read()
	go func() {
		err := cmd.Wait()
		// The test keeps the tty open (to see the command's unread input) until the
		// command is gone; closing it ends the reader with EIO once all is read.
		tty.Close()
		s.exit <- err
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill() // a no-op once it has exited
		<-s.done
		ptmx.Close()
	})
	return s
}

func ptyEnv(dir string) []string {
	return []string{
		"HOME=" + dir,
		"PATH=" + os.Getenv("PATH"),
		"TERM=xterm-256color",
		// Under -race, a process exiting 0 sleeps 1s by default so that other threads can
		// report; each run would pay it.
		"GORACE=" + strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"),
	}
}

func (s *session) read() {
	defer close(s.done)
	buf := make([]byte, 4096)
	for {
		n, err := s.ptmx.Read(buf)
		s.mu.Lock()
		s.out.Write(buf[:n])
		if replies := s.reportCursor(); replies != "" {
			_, _ = io.WriteString(s.ptmx, replies)
		}
		s.mu.Unlock()
		select {
		case s.changed <- struct{}{}:
		default:
		}
		if err != nil {
			return // EIO once the command has exited and closed its side
		}
	}
}

// reportCursor answers the cursor position requests (DSR, ESC [6n) written since the last
// call, as a terminal does: survey asks for the position before reading a line, and for
// the size by moving to 999;999 first. The column is the visible length of the last line.
// s.mu is held.
func (s *session) reportCursor() string {
	var replies strings.Builder
	raw := s.out.Bytes()
	for {
		i := bytes.Index(raw[s.reported:], []byte("\x1b[6n"))
		if i < 0 {
			return replies.String()
		}
		at := s.reported + i
		s.reported = at + len("\x1b[6n")
		if bytes.HasSuffix(raw[:at], []byte("\x1b[999;999f")) {
			fmt.Fprintf(&replies, "\x1b[%d;%dR", ptyRows, ptyCols)
			continue
		}
		text := strings.ReplaceAll(ansi.ReplaceAllString(string(raw[:at]), ""), "\r", "")
		col := utf8.RuneCountInString(text[strings.LastIndex(text, "\n")+1:])%ptyCols + 1
		fmt.Fprintf(&replies, "\x1b[%d;%dR", ptyRows/2, col)
	}
}

// ansi matches the escape sequences survey draws with (CSI sequences, two-byte escapes).
var ansi = regexp.MustCompile(`\x1b\[[0-?]*[ -/]*[@-~]|\x1b[0-Z\\-~]`)

// screen is what the command wrote, without escape sequences and carriage returns.
func (s *session) screen() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.ReplaceAll(ansi.ReplaceAllString(s.out.String(), ""), "\r", "")
}

// expect waits until text appears in the output after the previous match.
func (s *session) expect(text string) {
	s.t.Helper()
	deadline := time.NewTimer(ptyTimeout)
	defer deadline.Stop()
	for {
		out := s.screen()
		if i := strings.Index(out[s.seen:], text); i >= 0 {
			s.seen += i + len(text)
			return
		}
		select {
		case <-s.changed:
		case <-s.done:
			if out := s.screen(); strings.Contains(out[s.seen:], text) {
				continue
			}
			s.t.Fatalf("the command ended without writing %q; it wrote:\n%s", text, s.screen())
		case <-deadline.C:
			s.mu.Lock(); raw := s.out.String(); s.mu.Unlock()
			s.t.Fatalf("no %q within %v; the command wrote:\n%s\nraw: %q", text, ptyTimeout, s.screen(), raw[max(0, len(raw)-600):])
		}
	}
}

// expectRow waits for the summary row of key; value is a prefix of the value shown.
func (s *session) expectRow(key, value, source string) {
	s.t.Helper()
	re := regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(key) + ` +` + regexp.QuoteMeta(value) + `.*` + regexp.QuoteMeta(source) + `\n`)
	deadline := time.NewTimer(ptyTimeout)
	defer deadline.Stop()
	for {
		out := s.screen()
		if loc := re.FindStringIndex(out[s.seen:]); loc != nil {
			s.seen += loc[1]
			return
		}
		select {
		case <-s.changed:
		case <-s.done:
			if re.MatchString(s.screen()[s.seen:]) {
				continue
			}
			s.t.Fatalf("the command ended without the summary row %s %s %s; it wrote:\n%s", key, value, source, s.screen())
		case <-deadline.C:
			s.t.Fatalf("no summary row %s %s %s within %v; the command wrote:\n%s", key, value, source, ptyTimeout, s.screen())
		}
	}
}

// waitRaw waits until the terminal is in raw mode: a question is reading keys. A key sent
// before would be read by the line discipline (and Ctrl-C would become SIGINT).
func (s *session) waitRaw() {
	s.t.Helper()
	conn, err := s.ptmx.SyscallConn()
	if err != nil {
		s.t.Fatal(err)
	}
	deadline := time.Now().Add(ptyTimeout)
	for {
		var raw bool
		var ioErr error
		err := conn.Control(func(fd uintptr) {
			var tio *unix.Termios
			tio, ioErr = unix.IoctlGetTermios(int(fd), unix.TCGETS)
			raw = ioErr == nil && tio.Lflag&unix.ICANON == 0
		})
		if err == nil {
			err = ioErr
		}
		if err != nil {
			s.t.Fatalf("read the terminal mode: %v", err)
		}
		if raw {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the terminal never went to raw mode; the command wrote:\n%s", s.screen())
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// answer waits for question, then types keys.
//
// Keys are typed only once the command has read all its input: survey reads the reply to
// a cursor position request through a throw-away buffer, so keys that arrive right behind
// a reply would be lost (a person never types that fast). Replies are written under s.mu,
// so none can slip in between the check and the keys.
func (s *session) answer(question string, keys ...string) {
	s.t.Helper()
	s.expect(question)
	s.waitRaw()
	conn, err := s.tty.SyscallConn()
	if err != nil {
		s.t.Fatal(err)
	}
	deadline := time.Now().Add(ptyTimeout)
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		var pending int
		var ioErr error
		if err := conn.Control(func(fd uintptr) { pending, ioErr = unix.IoctlGetInt(int(fd), unix.TIOCINQ) }); err != nil || ioErr != nil {
			s.t.Fatalf("read the input queue: %v %v", err, ioErr)
		}
		if pending == 0 {
			break
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the command never read its input")
		}
		s.mu.Unlock()
		time.Sleep(time.Millisecond)
		s.mu.Lock()
	}
	if _, err := io.WriteString(s.ptmx, strings.Join(keys, "")); err != nil {
		s.t.Fatalf("type %q: %v", keys, err)
	}
}

// wait waits for the command to exit and returns its exit code.
func (s *session) wait() int {
	s.t.Helper()
	select {
	case err := <-s.exit:
		<-s.done
		var ee *exec.ExitError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &ee):
			return ee.ExitCode()
		default:
			s.t.Fatalf("wait: %v", err)
		}
	case <-time.After(ptyTimeout):
		s.t.Fatalf("the command did not exit within %v; it wrote:\n%s", ptyTimeout, s.screen())
	}
	return -1
}

// ptyArgs are the arguments of every interactive run: nothing touches the network or git.
var ptyArgs = []string{"new", "--no-tidy", "--no-git"}

func TestPTYHappyPath(t *testing.T) {
	dir := t.TempDir()
	s := startPTY(t, dir, append(ptyArgs, "asked")...)
	s.answer("Module path", "example.com/acme/orders", keyEnter)
	s.answer("Service name: (orders)", keyEnter)
	s.answer("HTTP framework", keyDown, keyEnter) // gin -> echo
	s.answer("Go version", keyEnter)
	// '?' shows the help of every feature; then mtls, pprof and k8s are unchecked.
	s.answer("Features", "?")
	s.expect("k8s: Deployment and Service")
	s.answer("[x]  k8s", keyDown, keyDown, keySpace, keyUp, keyUp, keyUp, keySpace, keyEnter)
	s.expect("Features: otel, mtls, docker, ci")
	s.answer("CI provider", keyDown, keyEnter) // github -> gitlab
	s.expect("Summary (preset default)")
	for _, row := range [][3]string{
		{"module", "example.com/acme/orders", "(answer)"},
		{"name", "orders", "(default)"},
		{"framework", "echo", "(answer)"},
		{"go", "1.", "(default)"},
		{"features", "otel, mtls, docker, ci", "(answer)"},
		{"ci", "gitlab", "(answer)"},
		{"http_port", "8080", "(default)"},
		{"admin_port", "6060", "(default)"},
		{"directory", "asked", ""},
	} {
		s.expectRow(row[0], row[1], row[2])
	}
	s.answer("Create the service? (Y/n)", keyEnter)
	s.expect("created orders (example.com/acme/orders, echo)")
	if code := s.wait(); code != 0 {
		t.Fatalf("exit code %d; the command wrote:\n%s", code, s.screen())
	}

	flags := exec.Command(s.cmd.Path, append(ptyArgs, "--yes", "--module", "example.com/acme/orders",
		"--framework", "echo", "--without", "pprof,k8s", "--ci", "gitlab", "flags")...)
	flags.Dir, flags.Env = dir, ptyEnv(dir)
	if out, err := flags.CombinedOutput(); err != nil {
		t.Fatalf("the flags run: %v\n%s", err, out)
	}
	compareTrees(t, filepath.Join(dir, "asked"), filepath.Join(dir, "flags"))
}

func TestPTYReaskInvalidModule(t *testing.T) {
	dir := t.TempDir()
	s := startPTY(t, dir, ptyArgs...)
	s.answer("Module path", "bad path", keyEnter)
	s.expect(`Sorry, your reply was invalid: not a valid Go module path: malformed module path "bad path": invalid char ' '`)
	s.answer("Module path", keyEnter) // no default: empty is refused too
	s.expect("Sorry, your reply was invalid: a module path is required")
	s.answer("Module path", "example.com/acme/billing", keyEnter)
	s.answer("Service name: (billing)", "bill", keyEnter)
	s.answer("HTTP framework", keyCtrlC)
	checkAborted(t, s, dir)
}

func TestPTYCtrlCMidway(t *testing.T) {
	dir := t.TempDir()
	s := startPTY(t, dir, ptyArgs...)
	s.answer("Module path", "example.com/acme/orders", keyEnter)
	s.answer("Service name", keyEnter)
	s.answer("HTTP framework", keyEnter)
	s.answer("Go version", keyEnter)
	s.answer("Features", keyDown, keySpace, keyCtrlC)
	checkAborted(t, s, dir)
}

func TestPTYNoAtConfirmation(t *testing.T) {
	dir := t.TempDir()
	s := startPTY(t, dir, append(ptyArgs, "--framework", "echo")...)
	s.answer("Module path", "example.com/acme/orders", keyEnter)
	s.answer("Service name", keyEnter)
	// --framework is given: not asked.
	s.answer("Go version", keyEnter)
	s.answer("Features", keyEnter)
	s.answer("CI provider", keyEnter)
	s.expectRow("framework", "echo", "(flag)")
	s.answer("Create the service? (Y/n)", "n", keyEnter)
	checkAborted(t, s, dir)
	if strings.Contains(s.screen(), "HTTP framework") {
		t.Errorf("the framework given by flag was asked:\n%s", s.screen())
	}
}

// TestPTYNoTerminalStdin: with the output on a terminal but stdin not one, nothing is
// asked and the command exits 2 at once naming the flags.
func TestPTYNoTerminalStdin(t *testing.T) {
	dir := t.TempDir()
	bin, err := exec.LookPath("gonew-prod")
	if err != nil {
		t.Fatal(err)
	}
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 50, Cols: 200}); err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = io.Copy(io.Discard, ptmx) }()
	cmd := exec.Command(bin, ptyArgs...)
	cmd.Dir, cmd.Env = dir, ptyEnv(dir)
	cmd.Stdout = tty
	var stderr bytes.Buffer
	cmd.Stderr = &stderr // stdin: /dev/null
	err = cmd.Run()
	tty.Close()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 {
		t.Fatalf("exit: %v, want exit code 2; stderr: %s", err, stderr.String())
	}
	for _, want := range []string{"--module", "--yes"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr does not name %s: %s", want, stderr.String())
		}
	}
}

func checkAborted(t *testing.T, s *session, dir string) {
	t.Helper()
	s.expect("gonew-prod: aborted, nothing written")
	if code := s.wait(); code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("an aborted run left %v", entries)
	}
	// The terminal is back in its normal (cooked) mode.
	conn, err := s.ptmx.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	_ = conn.Control(func(fd uintptr) {
		if tio, err := unix.IoctlGetTermios(int(fd), unix.TCGETS); err == nil && tio.Lflag&unix.ICANON == 0 {
			t.Errorf("the terminal was left in raw mode")
		}
	})
}

// compareTrees fails unless got and want hold the same files with the same modes and
// bytes: every file is either identical, "differs", "unexpected" or "missing".
func compareTrees(t *testing.T, got, want string) {
	t.Helper()
	g, w := tree(t, got), tree(t, want)
	if len(w) == 0 {
		t.Fatalf("%s is empty", want)
	}
	for _, p := range slices.Sorted(func(yield func(string) bool) {
		for p := range g {
			if !yield(p) {
				return
			}
		}
		for p := range w {
			if _, ok := g[p]; !ok && !yield(p) {
				return
			}
		}
	}) {
		gf, inGot := g[p]
		wf, inWant := w[p]
		switch {
		case !inWant:
			t.Errorf("%s: unexpected", p)
		case !inGot:
			t.Errorf("%s: missing", p)
		case gf != wf:
			t.Errorf("%s: differs:\n--- interactive\n%s\n--- flags\n%s", p, gf, wf)
		}
	}
}

// tree maps every file below dir to its mode and content.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = info.Mode().String() + "\n" + string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
