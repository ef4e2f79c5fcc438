//go:build unix

package update

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gonew-prod/gonew-prod/generator"
)

// TestReadRecordSwappedForNamedPipe checks that ReadRecord never waits on a named pipe
// put in the record's place after it looked at the name: the record is swapped (by
// rename) between a regular file and a named pipe while it is read again and again, and
// each read gives the record or refuses a file that is not regular, at once.
func TestReadRecordSwappedForNamedPipe(t *testing.T) {
	dir := t.TempDir()
	record := filepath.Join(dir, generator.RecordFile)
	const body = "version: 1\n"
	if err := os.WriteFile(record, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	pipes := t.TempDir()
	stop := make(chan struct{})
	swapped := make(chan struct{})
	go func() { // the swaps, until stop
		defer close(swapped)
		regular, pipe := filepath.Join(dir, "regular"), filepath.Join(dir, "pipe")
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			next := regular
			if i%2 == 0 {
				// Each pipe keeps a name of its own (pipes/N), for a writer to open it
				// should a read wait on it.
				kept := filepath.Join(pipes, strconv.Itoa(i))
				if err := syscall.Mkfifo(kept, 0o600); err != nil {
					t.Error(err)
					return
				}
				if err := os.Link(kept, pipe); err != nil {
					t.Error(err)
					return
				}
				next = pipe
			} else if err := os.WriteFile(regular, []byte(body), 0o644); err != nil {
				t.Error(err)
				return
			}
			if err := os.Rename(next, record); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	done := make(chan error, 1)
	go func() {
		for range 5000 {
			data, err := ReadRecord(os.DirFS(dir))
			var ie *InputError
			switch {
			case err == nil && string(data) != body:
				done <- errors.New("read " + string(data) + ", want the record")
				return
			case err != nil && (!errors.As(err, &ie) || !strings.Contains(err.Error(), "is not a regular file")):
				done <- err
				return
			}
		}
		done <- nil
	}()
	select {
	case err := <-done:
		close(stop)
		<-swapped
		if err != nil {
			t.Errorf("ReadRecord: %v; want the record, or the refusal of a file that is not regular", err)
		}
	case <-time.After(5 * time.Second):
		close(stop)
		<-swapped
		for len(done) == 0 { // let the open go: a writer at the other end of each pipe
			names, _ := filepath.Glob(filepath.Join(pipes, "*"))
			for _, name := range names {
				if f, err := os.OpenFile(name, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
					f.Close()
				}
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Fatal("ReadRecord waited on a named pipe put in the record's place")
	}
}
