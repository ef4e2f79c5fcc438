package update

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/poststep"
	"github.com/gonew-prod/gonew-prod/internal/scratch"
)

// Marks is what marks the conflicts of an update unmerged in the git index of the work
// tree that holds the project, as `git merge` leaves a conflict: stage 1 the base (when
// there is one), 2 yours, 3 theirs. `git status` then lists the files as unmerged, and
// `git add` marks them resolved. It is prepared before the tree is written and applied
// once it is, so that a failure to mark can still undo the write.
type Marks struct {
	g    gitRunner
	info []byte // the index entries, for git update-index -z --index-info
	// Staged lists the conflicts left alone: their index entry holds staged content that
	// is neither HEAD's nor the file's as the update found it (as git add would store
	// it), which marking would lose.
	Staged []string
	// Untracked lists the conflicts at paths git does not track (untracked or ignored
	// files): marking would put them in the index.
	Untracked []string
	// Marked lists the conflicts marked unmerged.
	Marked []string
	// names are the marked paths from the work tree's top, and entries what git's index
	// held for them when the marks were prepared (stagedEntries): Apply writes the marks
	// only while it still holds that.
	names   []string
	entries map[string]string
	// index is git's index file with what it says before and after the marks, which the
	// write saves and a rollback puts back (generator.Index).
	index *generator.Index
}

// Index returns git's index as the write that the marks finish saves it; nil when m
// marks nothing.
func (m *Marks) Index() *generator.Index {
	if !m.Marking() {
		return nil
	}
	return m.index
}

// PrepareMarks prepares the marks of every conflict among steps in the git index of the
// work tree that holds dir, writing each stage's content into git's object store. It
// refuses when git could not write the index afterwards because another git process
// holds its lock. It returns nil when there is nothing to mark: no conflicts, git is
// not installed or dir is not inside a work tree.
func PrepareMarks(ctx context.Context, env []string, dir string, steps []Step) (*Marks, error) {
	var conflicts []Step
	for _, s := range steps {
		if s.Action == Conflict {
			conflicts = append(conflicts, s)
		}
	}
	if len(conflicts) == 0 {
		return nil, nil
	}
	git, err := exec.LookPath("git")
	if err != nil {
		return nil, nil
	}
	g := gitRunner{ctx: ctx, git: git, dir: dir, env: env}
	if out, err := g.run(nil, "rev-parse", "--is-inside-work-tree"); err != nil || out != "true" {
		return nil, nil
	}
	if err := g.indexUnlocked(); err != nil {
		return nil, err
	}
	prefix, err := g.run(nil, "rev-parse", "--show-prefix")
	if err != nil {
		return nil, err
	}
	store, err := g.objectStore()
	if err != nil {
		return nil, err
	}
	names := make([]string, len(conflicts))
	for i, s := range conflicts {
		names[i] = prefix + s.Path
	}
	entries, err := g.stagedEntries(names)
	if err != nil {
		return nil, err
	}
	m := &Marks{g: g, entries: map[string]string{}}
	var info bytes.Buffer
	for i, s := range conflicts {
		name := names[i]
		switch held, err := g.held(entries[name], name, s.Path, s.Ours); {
		case err != nil:
			return nil, err
		case held == untracked:
			m.Untracked = append(m.Untracked, s.Path)
			continue
		case held == stagedElsewhere:
			m.Staged = append(m.Staged, s.Path)
			continue
		}
		stages := []struct {
			content []byte
			mode    fs.FileMode
		}{{s.Base, s.Mode}, {s.Ours, s.OursMode}, {s.Theirs, s.Mode}}
		for i, st := range stages {
			if st.content == nil {
				continue // no base: a file added on both sides, or an unavailable base
			}
			oid, err := store.write(s.Path, st.content)
			if err != nil {
				return nil, err
			}
			if i == 0 || i == 1 && s.Base == nil {
				// The path's stage-0 entry goes before its first stage.
				fmt.Fprintf(&info, "0 %s\t%s\x00", strings.Repeat("0", len(oid)), name)
			}
			gitMode := "100644"
			if st.mode&0o111 != 0 {
				gitMode = "100755"
			}
			fmt.Fprintf(&info, "%s %s %d\t%s\x00", gitMode, oid, i+1, name)
		}
		m.Marked = append(m.Marked, s.Path)
		m.names, m.entries[name] = append(m.names, name), entries[name]
	}
	m.info = info.Bytes()
	if m.Marking() {
		if m.index, err = g.index(m.info); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// index returns git's index file (GIT_INDEX_FILE, a linked work tree's own), with what
// it says now and what it says once info is applied, applied to a copy of it.
func (g gitRunner) index(info []byte) (*generator.Index, error) {
	p, err := g.gitPath("index")
	if err != nil {
		return nil, err
	}
	if p, err = filepath.EvalSymlinks(p); err != nil {
		return nil, fmt.Errorf("git's index: %w", err)
	}
	// Read before git reads it (x.Digest): git's open of a named pipe would wait for a
	// writer for good.
	data, err := generator.ReadRegular(os.DirFS(filepath.Dir(p)), filepath.Base(p), maxIndexSize)
	if err != nil {
		return nil, fmt.Errorf("git's index %s, which update marks the conflicts in, cannot be read: %w", p, err)
	}
	x := &generator.Index{Path: p, Digest: IndexDigest(g.env, g.dir)}
	if x.Before, err = x.Digest(p); err != nil {
		return nil, err
	}
	// Marked in use (scratch.Dir): a run killed outright leaves the copy, which may be
	// large, for the next add, update or new --force to remove (scratch.Sweep).
	tmp, release, err := scratch.Dir("", IndexPrefix)
	if err != nil {
		return nil, fmt.Errorf("git's index: %w", err)
	}
	defer release()
	after := filepath.Join(tmp, "index")
	if err := os.WriteFile(after, data, 0o600); err != nil {
		return nil, fmt.Errorf("git's index: copy it: %w", err)
	}
	marked := g
	marked.env = withIndex(g.env, after)
	if _, err := marked.run(info, "update-index", "-z", "--index-info"); err != nil {
		return nil, fmt.Errorf("mark the conflicts unmerged in a copy of git's index: %w", err)
	}
	if x.After, err = x.Digest(after); err != nil {
		return nil, err
	}
	return x, nil
}

// maxIndexSize bounds git's index, which index reads whole: far above the tens of MB of
// a large monorepo's.
const maxIndexSize = 1 << 30

// IndexPrefix begins the names of the directories under TMPDIR that hold the copy of
// git's index the marks are tried on.
const IndexPrefix = "gonew-prod-index-"

// withIndex returns env (the process's when nil) with GIT_INDEX_FILE set to path.
func withIndex(env []string, path string) []string {
	if env == nil {
		env = os.Environ()
	}
	return append(slices.Clone(env), "GIT_INDEX_FILE="+path)
}

// IndexDigest returns what reads a git index file of the work tree that holds dir: the
// digest of its entries (mode, object, stage, path and the assume-unchanged and
// skip-worktree flags), not of the stat data that git refreshes.
func IndexDigest(env []string, dir string) func(path string) (string, error) {
	return func(path string) (string, error) {
		git, err := exec.LookPath("git")
		if err != nil {
			return "", fmt.Errorf("read git's index: %w", err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), markTimeout)
		defer cancel()
		g := gitRunner{ctx: ctx, git: git, dir: dir, env: withIndex(env, path)}
		out, err := g.raw(nil, "ls-files", "--stage", "-v", "-z")
		if err != nil {
			return "", fmt.Errorf("read git's index %s: %w", path, err)
		}
		s := sha256.Sum256(out)
		return hex.EncodeToString(s[:]), nil
	}
}

// Marking reports whether m marks any conflict (a nil m marks none).
func (m *Marks) Marking() bool { return m != nil && len(m.info) > 0 }

// Apply writes the marks into the index, in one git update-index that changes the whole
// index or nothing. It runs after the tree is written, and an interrupt does not stop
// that git: ctx's cancellation is ignored and git runs out of reach of the terminal's
// SIGINT, with a time limit of its own; generator.Write, which runs Apply as its Finish,
// then finds ctx cancelled and rolls the tree and the index back. Content staged for a marked path since the marks were
// prepared (an editor's background git, git add in another terminal: update holds no
// lock git knows of while it writes the tree) would be dropped by them: the index is
// read again while that git update-index holds the index's lock, before it is given the
// marks (markInput), and when a marked path's entries changed git is stopped before it
// writes anything and Apply fails (generator.IndexUntouched: the write is rolled back,
// the index keeps what was staged).
func (m *Marks) Apply(ctx context.Context) error {
	if !m.Marking() {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), markTimeout)
	defer cancel()
	g := m.g
	g.ctx = ctx
	in := newMarkInput(m, g)
	_, err := g.raw(in, "update-index", "-z", "--index-info")
	switch {
	case in.changed != nil:
		return &generator.IndexUntouched{Err: fmt.Errorf("mark the conflicts unmerged in git's index: %w", in.changed)}
	case err != nil:
		return fmt.Errorf("mark the conflicts unmerged in git's index: %w", err)
	}
	return nil
}

// markInput is the standard input of the git update-index that writes the marks. Git
// takes the index's lock, then reads the index, then its input: once it has read some of
// its input, no other git can change the index until it is written (or git, having
// found the lock taken, fails at the end). That it has read some is known once more was
// written into the pipe than the pipe holds: markInput first gives markPadding bytes of
// the marks' first record (removing the first marked path's stage-0 entry, which
// changes nothing more when repeated), and the read after them, which the process
// copying it into the pipe makes once the last of them is in, compares what the index
// holds for the marked paths with what it held when the marks were prepared. When they
// differ (or cannot be read) it gives git a malformed record, so that git stops without
// writing the index, and says why in changed; else the marks.
type markInput struct {
	m       *Marks
	g       gitRunner // runs git with Apply's context
	padding int       // bytes of the first record still to give
	first   []byte
	rest    []byte // what follows the padding, once checked
	checked bool
	changed error
}

// markPadding is more than the pipe to git's standard input holds (64 KiB on Linux and
// macOS).
const markPadding = 256 << 10

func newMarkInput(m *Marks, g gitRunner) *markInput {
	first := m.info
	if i := bytes.IndexByte(first, 0); i >= 0 {
		first = first[:i+1]
	}
	return &markInput{m: m, g: g, first: first, padding: (markPadding/len(first) + 1) * len(first)}
}

func (r *markInput) Read(p []byte) (int, error) {
	if r.padding > 0 {
		n := 0
		for r.padding > 0 && len(p)-n > 0 {
			at := len(r.first) - r.padding%len(r.first)
			if at == len(r.first) {
				at = 0
			}
			c := copy(p[n:], r.first[at:])
			n, r.padding = n+c, r.padding-c
		}
		return n, nil
	}
	if !r.checked {
		r.checked = true
		r.rest = r.m.info
		if r.changed = r.check(); r.changed != nil {
			r.rest = []byte("not a record: stop without writing the index\x00")
		}
	}
	if len(r.rest) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.rest)
	r.rest = r.rest[n:]
	return n, nil
}

// check compares what the index holds for the marked paths with what it held when the
// marks were prepared.
func (r *markInput) check() error {
	now, err := r.g.stagedEntries(r.m.names)
	if err != nil {
		return err
	}
	var changed []string
	for _, name := range r.m.names {
		if now[name] != r.m.entries[name] {
			changed = append(changed, name)
		}
	}
	if len(changed) > 0 {
		return fmt.Errorf("what git's index holds for %s changed while update wrote the files (another git staged it: an editor's, git add in another terminal), and marking the conflicts unmerged would drop it; the files are put back as they were and the index keeps what was staged: run update again", strings.Join(changed, ", "))
	}
	return nil
}

// gitPath returns the absolute path of the file name in the repository's git directory
// (git rev-parse --git-path).
func (g gitRunner) gitPath(name string) (string, error) {
	p, err := g.run(nil, "rev-parse", "--git-path", name)
	if err != nil {
		return "", err
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(g.dir, p)
	}
	return p, nil
}

// stagedEntries returns what git's index holds for each of names (paths from the work
// tree's top): its entries as git ls-files --stage gives them (mode, object, stage and
// path; one per stage of an unmerged path), "" for a path it does not track.
func (g gitRunner) stagedEntries(names []string) (map[string]string, error) {
	args := []string{"ls-files", "--stage", "--full-name", "-z", "--"}
	for _, name := range names {
		args = append(args, ":(top,literal)"+name)
	}
	out, err := g.raw(nil, args...)
	if err != nil {
		return nil, err
	}
	entries := map[string]string{}
	for _, e := range strings.Split(string(out), "\x00") {
		if _, name, ok := strings.Cut(e, "\t"); ok {
			entries[name] += e + "\n"
		}
	}
	return entries, nil
}

// indexUnlocked refuses an index whose lock file another git process holds (an editor's
// background git, or a git that crashed and left it): git could not mark the conflicts.
func (g gitRunner) indexUnlocked() error {
	lock, err := g.gitPath("index.lock")
	if err != nil {
		return err
	}
	if _, err := os.Lstat(lock); err == nil {
		return fmt.Errorf("nothing written: %s exists: another git process is using the repository's index (an editor's background git, or a git that stopped without removing it), and update could not mark its conflicts unmerged there; wait for that git to finish, or remove the file if no git is running, then run update again", lock)
	}
	return nil
}

// indexHold is what git's index holds for a path, as far as marking it unmerged goes.
type indexHold int

const (
	// markable: HEAD's content, the file's as the update found it, or unmerged already.
	markable indexHold = iota
	// untracked: no entry; the path is untracked or ignored, and an unmerged entry would
	// put it in the index, where git reset --hard deletes it and git add commits it.
	untracked
	// stagedElsewhere: content the user staged that is neither HEAD's nor the file's,
	// which marking would lose.
	stagedElsewhere
)

// held returns what the index holds for name (from the work tree's top; rel is the same
// path from g.dir), entry being its entries (stagedEntries) and ours the file as the
// update found it.
func (g gitRunner) held(entry, name, rel string, ours []byte) (indexHold, error) {
	f := strings.Fields(entry)
	switch {
	case len(f) < 3:
		return untracked, nil
	case f[2] != "0":
		return markable, nil // unmerged already
	}
	if ours != nil {
		oid, err := g.hashAs(rel, ours, false)
		if err != nil {
			return markable, err
		}
		if oid == f[1] {
			return markable, nil
		}
	}
	if head, err := g.run(nil, "rev-parse", "--verify", "--quiet", "HEAD:"+name); err != nil || head != f[1] {
		return stagedElsewhere, nil
	}
	return markable, nil
}

// hashAs returns the object id git add would give content as the file rel (from g.dir):
// after the clean conversion its attributes ask for (eol=crlf, a clean filter), so that
// a stage of a CRLF checkout is stored as git stores the file. write stores the object.
func (g gitRunner) hashAs(rel string, content []byte, write bool) (string, error) {
	args := []string{"hash-object", "--path", rel, "--stdin"}
	if write {
		args = append(args, "-w")
	}
	return g.run(content, args...)
}

// objects is git's object store, where the stages of the conflicts are written.
type objects struct {
	g   gitRunner
	dir string // git's object directory; empty when what git writes there stays as it is
	// uid and gid own dir, and what is written there when dir is set.
	uid, gid int
}

// objectStore returns git's object store for the marks: run as root in a user's
// repository, the objects written there are given the owner and group of its object
// directory.
func (g gitRunner) objectStore() (objects, error) {
	store := objects{g: g}
	p, err := g.gitPath("objects")
	if err != nil {
		return store, err
	}
	uid, gid, give, err := objectOwner(p)
	if err != nil || !give {
		return store, err
	}
	store.dir, store.uid, store.gid = p, uid, gid
	return store, nil
}

// write stores content as git add would store the file rel (from g.dir) and returns its
// object id. The loose object's directory and file that git creates as root in another
// user's repository are given that user: the user's git could add no object to a
// directory of root's ("insufficient permission for adding an object to repository
// database"). What was there before is left as it is.
func (o objects) write(rel string, content []byte) (string, error) {
	if o.dir == "" {
		return o.g.hashAs(rel, content, true)
	}
	oid, err := o.g.hashAs(rel, content, false)
	if err != nil {
		return "", err
	}
	if len(oid) < 3 {
		return "", fmt.Errorf("git hash-object: unexpected object id %q", oid)
	}
	sub := filepath.Join(o.dir, oid[:2])
	var created []string
	for _, p := range []string{sub, filepath.Join(sub, oid[2:])} {
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			created = append(created, p)
		}
	}
	if oid, err = o.g.hashAs(rel, content, true); err != nil {
		return "", err
	}
	for _, p := range created {
		if err := giveAway(p, o.uid, o.gid); err != nil {
			return "", err
		}
	}
	return oid, nil
}

// markTimeout bounds the git commands that mark conflicts unmerged.
const markTimeout = time.Minute

// gitRunner runs git commands in one directory, each in a process group of its own
// (poststep.RunOwnGroup).
type gitRunner struct {
	ctx context.Context
	git string
	dir string
	env []string
}

// run runs git with args and stdin, returning its trimmed standard output.
func (g gitRunner) run(stdin []byte, args ...string) (string, error) {
	var in io.Reader
	if stdin != nil {
		in = bytes.NewReader(stdin)
	}
	out, err := g.raw(in, args...)
	return strings.TrimSpace(string(out)), err
}

// raw runs git with args and standard input read from stdin (none when nil), returning
// its standard output.
func (g gitRunner) raw(stdin io.Reader, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(g.ctx, g.git, args...)
	cmd.Dir, cmd.Env = g.dir, g.env
	if stdin != nil {
		cmd.Stdin = stdin
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := poststep.RunOwnGroup(g.ctx, cmd); err != nil {
		return nil, fmt.Errorf("git %s: %w: %s", args[0], err, oneLine(stderr.String()))
	}
	return stdout.Bytes(), nil
}
