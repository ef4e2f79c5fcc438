// Package gitview tells which of the files a command would write git does not look at:
// files marked assume-unchanged or skip-worktree, whose edits git status and git diff do
// not show and a commit leaves out, and tracked files a sparse checkout leaves out of the
// work tree; and whether a git operation (a merge, a rebase) is in progress in the work
// tree. gonew-prod add and update refuse to write those, or then.
package gitview

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gonew-prod/gonew-prod/generator"
)

// Hidden are the files among some paths that git is told not to look at.
type Hidden struct {
	// Paths are the files marked assume-unchanged or skip-worktree.
	Paths []string
	// Undo are the git update-index commands that unmark them, paths quoted for the shell.
	Undo []string
}

// FindHidden returns the files of paths (relative to dir, a directory of a git work tree)
// marked assume-unchanged (git update-index --assume-unchanged) or skip-worktree (git
// update-index --skip-worktree, or a sparse checkout).
func FindHidden(ctx context.Context, env []string, dir string, paths []string) (Hidden, error) {
	entries, err := lsFiles(ctx, env, dir, []string{"-v"}, paths)
	if err != nil {
		return Hidden{}, err
	}
	var h Hidden
	var assumed, skipped []string
	for _, entry := range entries {
		tag, name, ok := strings.Cut(entry, " ") // "h main.go": lower case is assume-unchanged, S (or s) skip-worktree
		if !ok {
			continue
		}
		isAssumed, isSkipped := tag != strings.ToUpper(tag), strings.EqualFold(tag, "S")
		if isAssumed {
			assumed = append(assumed, generator.ShellQuote(name))
		}
		if isSkipped {
			skipped = append(skipped, generator.ShellQuote(name))
		}
		if isAssumed || isSkipped {
			h.Paths = append(h.Paths, name)
		}
	}
	if len(assumed) > 0 {
		h.Undo = append(h.Undo, "git update-index --no-assume-unchanged "+strings.Join(assumed, " "))
	}
	if len(skipped) > 0 {
		h.Undo = append(h.Undo, "git update-index --no-skip-worktree "+strings.Join(skipped, " "))
	}
	return h, nil
}

// Tracked returns the files of paths (relative to dir, a directory of a git work tree)
// that git tracks. Of paths a plan creates, those are files the work tree lacks while git
// has them (a sparse checkout, or git update-index --skip-worktree).
func Tracked(ctx context.Context, env []string, dir string, paths []string) ([]string, error) {
	return lsFiles(ctx, env, dir, nil, paths)
}

// lsFiles runs git ls-files with flags on paths in dir, in batches within the argument
// limit (a re-vendor writes thousands), and returns the entries it prints.
func lsFiles(ctx context.Context, env []string, dir string, flags, paths []string) ([]string, error) {
	var out []string
	for batch := range slices.Chunk(paths, 500) {
		cmd := exec.CommandContext(ctx, "git", slices.Concat([]string{"--literal-pathspecs", "ls-files", "-z"}, flags, []string{"--"}, batch)...)
		cmd.Dir, cmd.Env = dir, env
		b, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("git ls-files in %s: %w", dir, err)
		}
		out = append(out, strings.FieldsFunc(string(b), func(r rune) bool { return r == 0 })...)
	}
	return out, nil
}

// InWorkTree reports whether dir is inside a git work tree; false when git is not
// installed.
func InWorkTree(ctx context.Context, env []string, dir string) bool {
	cmd := exec.CommandContext(ctx, "git", "rev-parse", "--is-inside-work-tree")
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.Output()
	return err == nil && strings.TrimSpace(string(out)) == "true"
}

// DotGit returns the .git (a directory, or a file naming one) of the git work tree that
// dir is in: in dir or the first directory above it that holds one.
func DotGit(dir string) (string, bool) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for {
		at := filepath.Join(abs, ".git")
		if _, err := os.Lstat(at); err == nil {
			return at, true
		}
		up := filepath.Dir(abs)
		if up == abs {
			return "", false
		}
		abs = up
	}
}

// Readable refuses, for command (add, update), which asks git what it tracks, ignores
// and has in progress before writing into dir, a dir whose git answers could not be
// trusted: GIT_DIR or GIT_WORK_TREE set in env (git would answer for that repository),
// or a dir in a git work tree (a .git there or above) without git installed, or one that
// git refuses to read (a repository of another owner: dubious ownership). Else, a dir in
// no work tree too, it returns nil.
func Readable(ctx context.Context, env []string, dir, command string) error {
	for _, kv := range env {
		if name, value, _ := strings.Cut(kv, "="); (name == "GIT_DIR" || name == "GIT_WORK_TREE") && value != "" {
			return fmt.Errorf("nothing written: %s is set (%s): git would answer for that repository, not for the tree %s writes; unset it and run %s again", name, value, command, command)
		}
	}
	at, ok := DotGit(dir)
	if !ok {
		return nil
	}
	if _, err := exec.LookPath("git"); err != nil {
		return fmt.Errorf("nothing written: %s is in a git work tree (%s), but git is not installed: %s asks git which files it tracks and which are modified before writing; install git and run %s again", dir, at, command, command)
	}
	if odd := irregularGitFiles(dir, at); len(odd) > 0 {
		return fmt.Errorf("nothing written: %s: %w, which git reads to find the repository of %s before it answers what %s asks it (a named pipe would make it wait for good); replace each with the regular file git expects there and run %s again", strings.Join(odd, ", "), generator.ErrNotRegular, dir, command, command)
	}
	cmd := exec.CommandContext(ctx, "git", "rev-parse", "--is-inside-work-tree")
	cmd.Dir, cmd.Env = dir, env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return CannotRead(dir, stderr.String(), err, command)
	}
	return regularIndex(ctx, env, dir, command)
}

// irregularGitFiles returns, absolute, the files git reads to find and open the repository
// of the work tree that holds dir, whose .git is dotGit (DotGit's), that exist and are
// neither regular files, links to one, nor directories: git opens them whatever it is
// asked, and would wait on a named pipe for good. They are the HEAD of each directory
// from dir up to the top, below it (git looks there for a bare repository); .git itself;
// in the git directory (.git, or the one a .git file names: a linked worktree's, a
// submodule's) HEAD, commondir and config.worktree; in the common one (commondir's) config,
// packed-refs, info/exclude and the branch HEAD names (git status reads it). The index
// is regularIndex's: GIT_INDEX_FILE may name another.
func irregularGitFiles(dir, dotGit string) []string {
	var files []string
	if abs, err := filepath.Abs(dir); err == nil {
		for d := abs; d != filepath.Dir(dotGit); d = filepath.Dir(d) {
			files = append(files, filepath.Join(d, "HEAD"))
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	files = append(files, dotGit)
	gitDir := dotGit
	if data, err := generator.ReadRegular(os.DirFS(filepath.Dir(dotGit)), filepath.Base(dotGit), 1<<16); err == nil {
		if named, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir:"); ok {
			gitDir = inDir(filepath.Dir(dotGit), strings.TrimSpace(named))
		}
	}
	files = append(files, filepath.Join(gitDir, "HEAD"), filepath.Join(gitDir, "commondir"), filepath.Join(gitDir, "config.worktree"))
	common := gitDir
	if data, err := generator.ReadRegular(os.DirFS(gitDir), "commondir", 1<<16); err == nil {
		common = inDir(gitDir, strings.TrimSpace(string(data)))
	}
	files = append(files, filepath.Join(common, "config"), filepath.Join(common, "packed-refs"), filepath.Join(common, "info", "exclude"))
	if data, err := generator.ReadRegular(os.DirFS(gitDir), "HEAD", 1<<16); err == nil {
		if ref, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "ref:"); ok && filepath.IsLocal(strings.TrimSpace(ref)) {
			files = append(files, filepath.Join(common, filepath.FromSlash(strings.TrimSpace(ref))))
		}
	}
	var odd []string
	for _, f := range files {
		if info, err := os.Stat(f); err == nil && !info.Mode().IsRegular() && !info.IsDir() {
			odd = append(odd, f)
		}
	}
	return odd
}

// inDir returns p, a path a file of git's names, from dir when it is relative.
func inDir(dir, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

// regularIndex refuses, for command, the work tree at dir when git's index is not a
// regular file (IrregularIndex), or when git cannot say where it is (CannotRead).
func regularIndex(ctx context.Context, env []string, dir, command string) error {
	index, stderr, err := IrregularIndex(ctx, env, dir)
	switch {
	case err != nil && ctx.Err() != nil:
		return ctx.Err()
	case err != nil:
		return CannotRead(dir, stderr, err, command)
	case index == "":
		return nil
	}
	return fmt.Errorf("nothing written: git's index %s: %w, which git reads when %s asks it which files it tracks and which are modified (a named pipe would make it wait for good); remove it (git reset then writes a new one from the last commit) and run %s again", index, generator.ErrNotRegular, command, command)
}

// IrregularIndex returns git's index of the work tree at dir (git rev-parse --git-path
// index: GIT_INDEX_FILE, a linked work tree's own), absolute, when it exists and is not
// a regular file, or a link to one: git ls-files, git status and git check-ignore (but
// with --no-index) open it whatever it is, and a named pipe there would make them wait
// for a writer for good. git rev-parse does not read the index. It returns "" for a
// regular one or none (a repository without a commit has none, and git reports one it
// cannot read itself), and git's error output with err when git cannot say where it is
// (no work tree, no git, a repository git refuses to read).
func IrregularIndex(ctx context.Context, env []string, dir string) (index, stderr string, err error) {
	cmd := exec.CommandContext(ctx, "git", "rev-parse", "--git-path", "index")
	cmd.Dir, cmd.Env = dir, env
	var errOut strings.Builder
	cmd.Stderr = &errOut
	out, err := cmd.Output()
	if err != nil {
		return "", errOut.String(), err
	}
	index = strings.TrimRight(string(out), "\n")
	if !filepath.IsAbs(index) {
		index = filepath.Join(dir, index) // git names it from dir, even GIT_INDEX_FILE's
	}
	if info, err := os.Stat(index); err != nil || info.Mode().IsRegular() {
		return "", "", nil
	}
	return index, "", nil
}

// CannotRead is the refusal of command (add, update) to write into the work tree at dir
// because git failed to read it with err, saying stderr (its first line is named).
func CannotRead(dir, stderr string, err error, command string) error {
	msg := strings.TrimSpace(stderr)
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	if msg == "" {
		msg = err.Error()
	}
	hint := "fix what git reports and run " + command + " again"
	if strings.Contains(msg, "dubious ownership") {
		hint = "run " + command + " as the owner of the repository, or trust it with git config --global --add safe.directory " + dir
	}
	return fmt.Errorf("nothing written: git cannot read the work tree at %s (%s): %s asks git which files it tracks and which are modified before writing; %s", dir, msg, command, hint)
}

// Operation is a git operation in progress in a work tree (a merge, a rebase...): what a
// command writes into the tree then would end up inside it (the merge commit, a replayed
// commit) or be half undone by its abort.
type Operation struct {
	// Name says what is in progress: "a merge", "a rebase".
	Name string
	// Marker is the file or directory of git's that shows it, as git rev-parse --git-path
	// gives it (a linked worktree's are in its own git directory).
	Marker string
	// End says how to end it.
	End string
}

// Refusal returns the refusal of command (add, update) to write during o, naming how to
// end it.
func (o Operation) Refusal(command string) string {
	return fmt.Sprintf("nothing written: %s is in progress (%s exists): what %s writes would become part of it, or be half undone when it is aborted; %s, then run %s again", o.Name, o.Marker, command, o.End, command)
}

// InProgress returns the git operation in progress in the work tree that holds dir, or
// nil when there is none (or dir is in no work tree).
func InProgress(ctx context.Context, env []string, dir string) (*Operation, error) {
	if !InWorkTree(ctx, env, dir) {
		return nil, nil
	}
	// A rebase stopped at a conflict leaves files of a pick too: it is looked for first.
	operations := []struct{ marker, name, end string }{
		{"rebase-apply/applying", "git am", "finish it (git am --continue) or end it (git am --abort)"},
		{"rebase-merge", "a rebase", "finish it (git rebase --continue) or end it (git rebase --abort)"},
		{"rebase-apply", "a rebase", "finish it (git rebase --continue) or end it (git rebase --abort)"},
		{"MERGE_HEAD", "a merge", "finish it (resolve, git add and git commit) or end it (git merge --abort)"},
		{"CHERRY_PICK_HEAD", "a cherry-pick", "finish it (git cherry-pick --continue) or end it (git cherry-pick --abort)"},
		{"REVERT_HEAD", "a revert", "finish it (git revert --continue) or end it (git revert --abort)"},
		{"sequencer", "a cherry-pick or revert of several commits", "finish it (git cherry-pick --continue or git revert --continue) or end it (--abort)"},
		{"BISECT_LOG", "a bisect", "end it (git bisect reset)"},
	}
	args := []string{"rev-parse"}
	for _, op := range operations {
		args = append(args, "--git-path", op.marker)
	}
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git rev-parse --git-path in %s: %w", dir, err)
	}
	paths := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(paths) != len(operations) {
		return nil, fmt.Errorf("git rev-parse --git-path in %s: %d paths for %d names", dir, len(paths), len(operations))
	}
	for i, op := range operations {
		at := paths[i]
		if !filepath.IsAbs(at) {
			at = filepath.Join(dir, at)
		}
		if _, err := os.Lstat(at); err == nil {
			return &Operation{Name: op.name, Marker: at, End: op.end}, nil
		}
	}
	return nil, nil
}

// Ignored is a path git ignores, and the pattern that does, as git check-ignore -v gives
// it but with the file named from the directory the paths are relative to (FindIgnored):
// ".gitignore:3:*.mk", ".git/info/exclude:1:bin/", "../../.gitignore:2:services/*/k8s/".
type Ignored struct{ Path, Source string }

// Shared reports whether the pattern comes from a .gitignore of the repository, which
// every clone has, rather than from this clone's .git/info/exclude or the user's own
// excludes file.
func (ig Ignored) Shared() bool {
	file, _, _ := strings.Cut(ig.Source, ":")
	return path.Base(file) == ".gitignore" && !path.IsAbs(file) && !strings.HasPrefix(file, ".git/")
}

// Where returns the parts of Source: the file of the pattern (from the directory
// FindIgnored was given, through ../ when it is above it, or absolute: a linked work
// tree's .git/info/exclude, the core.excludesFile), its line and the pattern.
func (ig Ignored) Where() (file string, line int, pattern string) {
	m := ignoreSource.FindStringSubmatch(ig.Source)
	if m == nil {
		return ig.Source, 0, ""
	}
	line, _ = strconv.Atoi(m[2])
	return m[1], line, m[3]
}

// ignoreSource matches a Source: the file, up to the first :LINE: after it.
var ignoreSource = regexp.MustCompile(`^(.*?):([0-9]+):(.*)$`)

// ListIgnored lists ignored paths for a message, each with its pattern:
// "gonew-prod.mk (by .gitignore:1:*.mk), .gonew-prod.yaml (by .gitignore:2:.*)".
func ListIgnored(ignored []Ignored) string {
	var list []string
	for _, ig := range ignored {
		list = append(list, fmt.Sprintf("%s (by %s)", ig.Path, ig.Source))
	}
	return strings.Join(list, ", ")
}

// IgnoredRefusal returns the refusal of command (update, add, new) to write ignored, files git
// ignores where it tracks none (FindUntrackedIgnored).
func IgnoredRefusal(command string, ignored []Ignored) string {
	return fmt.Sprintf("nothing written: git ignores files %s would write: %s; a commit would leave them out, and a clone would miss them; change the pattern (or add a !exception) and run %s again", command, ListIgnored(ignored), command)
}

// FindUntrackedIgnored returns those of paths (as FindIgnored takes them) that git
// ignores and does not track: what a commit would leave out of the files a command
// writes (a tracked file is committed whatever the patterns say).
func FindUntrackedIgnored(ctx context.Context, env []string, dir string, paths []string) ([]Ignored, error) {
	tracked, err := Tracked(ctx, env, dir, paths)
	if err != nil {
		return nil, err
	}
	untracked := slices.DeleteFunc(slices.Clone(paths), func(p string) bool { return slices.Contains(tracked, p) })
	return FindIgnored(ctx, env, dir, untracked)
}

// IgnoreFileError reports .gitignore files that are neither regular files nor links to
// one, which FindIgnored does not let git read: a named pipe would block it for good.
type IgnoreFileError struct{ Files []string }

func (e *IgnoreFileError) Error() string {
	return fmt.Sprintf("%s: not a regular file, which git reads for its ignore rules (a named pipe would make it wait for good); make it a regular file (or remove it)", strings.Join(e.Files, ", "))
}

// FindIgnored returns those of paths (slash-separated, relative to dir, a directory of a
// git work tree; they need not exist) that git ignores, each with the pattern that does,
// its file named from dir as the paths are (git names it from the work tree's top):
// "../../.gitignore:2:services/*/k8s/" for the top's .gitignore seen from services/api.
// A path a negation (!pattern) keeps is not ignored. It returns an *IgnoreFileError when a
// .gitignore git would read for them is not a regular file.
func FindIgnored(ctx context.Context, env []string, dir string, paths []string) ([]Ignored, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	if odd := oddIgnoreFiles(dir, paths); len(odd) > 0 {
		return nil, &IgnoreFileError{Files: odd}
	}
	cmd := exec.CommandContext(ctx, "git", "check-ignore", "--no-index", "-v", "-z", "--stdin")
	cmd.Dir, cmd.Env = dir, env
	cmd.Stdin = strings.NewReader(strings.Join(paths, "\x00") + "\x00")
	out, err := cmd.Output()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit) && exit.ExitCode() == 1:
		return nil, nil // none is ignored
	case err != nil:
		return nil, fmt.Errorf("git check-ignore in %s: %w", dir, err)
	}
	// Four fields a path, each ended by NUL: the file of the pattern, its line, the pattern
	// and the path (none quoted, unlike without -z).
	var ignored []Ignored
	prefix, asked := "", false
	fields := strings.Split(string(out), "\x00")
	for i := 0; i+3 < len(fields); i += 4 {
		file, line, pattern := fields[i], fields[i+1], fields[i+2]
		if strings.HasPrefix(pattern, "!") {
			continue // matched by a negation: not ignored
		}
		if !asked {
			prefix, asked = Prefix(ctx, env, dir), true
		}
		ignored = append(ignored, Ignored{Path: fields[i+3], Source: fromDir(file, prefix) + ":" + line + ":" + pattern})
	}
	return ignored, nil
}

// fromDir names file, the file of a pattern, which git names from the work tree's top,
// from the directory at prefix (Prefix's) below the top: a file below that directory by
// its path from there, one above through ../. An absolute one (a linked work tree's
// .git/info/exclude, the core.excludesFile) stays.
func fromDir(file, prefix string) string {
	if prefix == "" || filepath.IsAbs(file) || path.IsAbs(file) {
		return file
	}
	if rel, below := strings.CutPrefix(file, prefix); below {
		return rel
	}
	return strings.Repeat("../", strings.Count(prefix, "/")) + file
}

// oddIgnoreFiles returns the .gitignore files git reads for paths (relative to dir)
// that are neither regular files nor links to one: a named pipe there blocks git
// check-ignore for good. Those of dir's directories up to the work tree's top (the first
// holding .git) count too.
func oddIgnoreFiles(dir string, paths []string) []string {
	dirs := map[string]bool{}
	for _, p := range paths {
		for d := path.Dir(p); ; d = path.Dir(d) {
			dirs[filepath.Join(dir, filepath.FromSlash(d))] = true
			if d == "." || d == "/" {
				break
			}
		}
	}
	for d := dir; ; {
		dirs[d] = true
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			break
		}
		up := filepath.Dir(d)
		if up == d {
			break
		}
		d = up
	}
	var odd []string
	for _, d := range slices.Sorted(maps.Keys(dirs)) {
		f := filepath.Join(d, ".gitignore")
		info, err := os.Lstat(f)
		if err == nil && info.Mode()&fs.ModeSymlink != 0 {
			info, err = os.Stat(f)
		}
		if err == nil && !info.Mode().IsRegular() && !info.IsDir() {
			if rel, err := filepath.Rel(dir, f); err == nil && filepath.IsLocal(rel) {
				f = filepath.ToSlash(rel) // below dir: named from there
			}
			odd = append(odd, f)
		}
	}
	return odd
}

// Nested is a git repository of its own inside a work tree (a submodule, a nested clone)
// that a command would write into: git in the work tree does not answer for what that
// repository tracks, hides (skip-worktree, a sparse checkout) or has modified, nor marks
// conflicts in its index, so none of the command's git checks would hold there.
type Nested struct {
	// Repo is the repository's directory, slash-separated, relative to the directory the
	// changes are.
	Repo string
	// Path is the first change in it.
	Path string
	// Delete says that the change deletes Path.
	Delete bool
}

// FindNested returns the first of changes (paths relative to dir) below a directory
// under dir that holds a .git of its own (a directory, or the file of a submodule or a
// linked work tree), nil when none is. dir's own .git, or one above it, is not looked
// for: that is the work tree's.
func FindNested(dir string, changes []generator.Change) *Nested {
	for _, c := range changes {
		for d := path.Dir(c.Path); d != "." && d != "/"; d = path.Dir(d) {
			if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(d), ".git")); err == nil {
				return &Nested{Repo: d, Path: c.Path, Delete: c.Delete}
			}
		}
	}
	return nil
}

// Refusal returns the refusal of command (add, update) to write n, the work tree's
// directory being dir, ending with what to do.
func (n Nested) Refusal(command, dir, todo string) string {
	verb := "write"
	if n.Delete {
		verb = "delete"
	}
	return fmt.Sprintf("nothing written: %s is a git repository of its own (a submodule, or a nested clone), and %s would %s %s in it: git in %s cannot tell what that repository tracks or has modified; %s", n.Repo, command, verb, n.Path, dir, todo)
}

// Sparse are the files among some paths that a sparse checkout leaves out of its
// definition: git add does not stage them ("outside of your sparse-checkout definition").
type Sparse struct {
	// Paths are the files, relative to the directory asked about.
	Paths []string
	// Add is the git sparse-checkout add command that takes them in, the patterns quoted
	// for the shell: directories in cone mode, anchored patterns otherwise.
	Add string
}

// OutsideSparse returns the files of paths (slash-separated, relative to dir, a
// directory of a git work tree) that its sparse checkout leaves out; none when the work
// tree is no sparse checkout. In cone mode a file is in when its directory is a cone
// directory or below one, or the parent of one (the top's files always are); otherwise
// the sparse-checkout file's patterns decide as gitignore patterns, which git check-ignore
// evaluates in an empty repository of its own.
func OutsideSparse(ctx context.Context, env []string, dir string, paths []string) (Sparse, error) {
	if len(paths) == 0 || gitOut(ctx, env, dir, "config", "--type=bool", "core.sparseCheckout") != "true" {
		return Sparse{}, nil
	}
	prefix := Prefix(ctx, env, dir)
	full := make([]string, len(paths))
	for i, p := range paths {
		full[i] = path.Join(prefix, p)
	}
	var out, add []string
	if gitOut(ctx, env, dir, "config", "--type=bool", "core.sparseCheckoutCone") == "true" {
		cone := strings.Split(gitOut(ctx, env, dir, "sparse-checkout", "list"), "\n")
		for i, f := range full {
			d := path.Dir(f)
			if d == "." || slices.ContainsFunc(cone, func(c string) bool {
				return c != "" && (d == c || strings.HasPrefix(d, c+"/") || strings.HasPrefix(c, d+"/"))
			}) {
				continue
			}
			out = append(out, paths[i])
			add = append(add, generator.ShellQuote(d))
		}
	} else {
		in, err := sparseMatch(ctx, env, dir, full)
		if err != nil {
			return Sparse{}, err
		}
		for i, f := range full {
			if in[f] {
				continue
			}
			out = append(out, paths[i])
			if d := path.Dir(f); d != "." {
				add = append(add, generator.ShellQuote("/"+d+"/"))
			} else {
				add = append(add, generator.ShellQuote("/"+f))
			}
		}
	}
	if len(out) == 0 {
		return Sparse{}, nil
	}
	slices.Sort(add)
	return Sparse{Paths: out, Add: "git sparse-checkout add " + strings.Join(slices.Compact(add), " ")}, nil
}

// SparsePrefix begins the names of the directories under TMPDIR that hold sparseMatch's
// scratch repository.
const SparsePrefix = "gonew-prod-sparse-"

// sparseMatch returns which of paths (relative to the work tree's top) the non-cone
// sparse-checkout file of the work tree holding dir takes in: those whose last matching
// pattern is not a negation. git check-ignore reads the file as its excludes file in an
// empty repository, so no .gitignore of the user's takes part.
func sparseMatch(ctx context.Context, env []string, dir string, paths []string) (map[string]bool, error) {
	file := gitOut(ctx, env, dir, "rev-parse", "--path-format=absolute", "--git-path", "info/sparse-checkout")
	if file == "" {
		return nil, fmt.Errorf("git rev-parse --git-path info/sparse-checkout in %s: no path", dir)
	}
	// Marked as scratch.Dir marks its directories (which imports this package), so that
	// scratch.Sweep removes the one a killed run left.
	empty, unlock, err := generator.MarkedTempDir("", SparsePrefix)
	if err != nil {
		return nil, err
	}
	defer func() {
		os.RemoveAll(empty)
		unlock()
	}()
	init := exec.CommandContext(ctx, "git", "init", "-q", empty)
	init.Env = env
	if out, err := init.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("git init %s: %w: %s", empty, err, out)
	}
	cmd := exec.CommandContext(ctx, "git", "-c", "core.excludesFile="+file, "check-ignore", "--no-index", "--stdin", "-z", "-v", "-n")
	cmd.Dir, cmd.Env = empty, env
	cmd.Stdin = strings.NewReader(strings.Join(paths, "\x00") + "\x00")
	b, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) { // 1: none matched
		return nil, fmt.Errorf("git check-ignore of %s: %w", file, err)
	}
	fields := strings.Split(string(b), "\x00") // source, line, pattern, path; for each path
	in := map[string]bool{}
	for i := 0; i+3 < len(fields); i += 4 {
		source, pattern, p := fields[i], fields[i+2], fields[i+3]
		in[p] = source != "" && !strings.HasPrefix(pattern, "!")
	}
	return in, nil
}

// Prefix returns the path of dir from the top of its git work tree, as git rev-parse
// --show-prefix gives it: slash-separated, ending in a slash, "" at the top (and outside
// a work tree).
func Prefix(ctx context.Context, env []string, dir string) string {
	return gitOut(ctx, env, dir, "rev-parse", "--show-prefix")
}

// gitOut returns what git prints for args in dir, trimmed; "" when it fails.
func gitOut(ctx context.Context, env []string, dir string, args ...string) string {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir, cmd.Env = dir, env
	b, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}
