package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// dockerfile is a Dockerfile read by stage.
type dockerfile struct {
	path   string
	stages []*stage
	// contexts are the build contexts it was read with (see parseDockerfile).
	contexts []string
	// declared are the names its ARG instructions declare, and fromEnv those whose
	// value the docker build it is read for takes from its environment (left as
	// ${NAME} in the values that use them).
	declared, fromEnv []string
	// unbuilt is set (to the Dockerfiles those builds build) when no docker build
	// read builds this one while the builds read name theirs (see markUnbuilt): it
	// ships no image.
	unbuilt string
}

// stage is one FROM ... section of a Dockerfile.
type stage struct {
	index  int
	name   string // the AS name, or ""
	base   string // the FROM image after ARG substitution
	parent *stage // the earlier stage it is built FROM, or nil
	from   repo.Evidence
	env    map[string]string // ENV and ARG defaults, inherited from the parent stage
	envAt  map[string]repo.Evidence
	// persisted are the names of env that an ENV instruction sets (here or in the
	// parent stage): the image keeps them in its environment, while an ARG's value
	// exists only while the image is built. An ENV overrides an ARG of its name.
	persisted map[string]bool
	runs      []command
	// runEnvs holds, for each command of runs (same index), the ENV and ARG
	// values its RUN instruction sees: those of the lines above it only, and, for
	// a RUN of the shell form, those its SHELL's env sets over them.
	runEnvs []runEnv
	// shell is the stage's last SHELL (inherited from the parent stage), when
	// it runs the shell through env with variables set
	// (SHELL ["/usr/bin/env", "CGO_ENABLED=1", "/bin/sh", "-c"]): those variables
	// (empty for env -u NAME), with where; nil otherwise. shellClears marks one
	// that runs it through env -i (--ignore-environment), which gives the shell those
	// variables alone, none of the ENV or ARG of the stage.
	shellEnv    map[string]string
	shellEnvAt  repo.Evidence
	shellClears bool
	// written are the paths of its file system that its RUNs write, as far as
	// this audit reads them (see writtenBy); a script sourced there is not the
	// file a COPY before the RUN put there.
	written []writtenPath
	// shellProg is the program of the stage's last SHELL (inherited from the
	// parent stage), its base name, past an env that runs it; "" for none, /bin/sh.
	shellProg string
	// scripts are the texts of its RUN instructions and their heredocs, as written.
	scripts []string
	// starts holds the last ENTRYPOINT, CMD, HEALTHCHECK and STOPSIGNAL of the
	// stage, by instruction.
	starts map[string]instruction
	// user is the user of the stage's last USER instruction (its ARGs substituted),
	// or "" when it has none.
	user   string
	userAt repo.Evidence
	// caCerts is set when the stage copies CA certificates (a COPY or ADD naming
	// ca-certificates or /etc/ssl/certs).
	caCerts bool
	// workdir is the stage's working directory (WORKDIR, inherited from the parent
	// stage, "/" at first), and copied the absolute paths its COPY and ADD write
	// (a file, or a directory of files this audit does not know).
	workdir string
	copied  []string
	// workdirs are the directories its WORKDIR instructions make, in their order.
	workdirs []string
	// fromContext are the directories of the build context that its COPY and ADD
	// instructions write, in their order.
	fromContext []contextCopy
	// bare are the names of env that an ARG without a value declares (nor a global
	// ARG, nor an earlier one, gives one): only a build argument sets them.
	bare []string
	// reads are the stages (or images) that its COPY --from and RUN --mount from=
	// name, variables replaced, in their order.
	reads []string
	// sources are the sources of its COPY and ADD instructions, in their order;
	// remoteSource is set when one of them is a URL or a Git repository.
	sources      []copySource
	remoteSource bool
	// takesAny are the stages (or images) that it may take any file of in ways
	// sources does not tell: a RUN --mount from=, a COPY --from whose sources were
	// not read.
	takesAny []string
}

// writtenPath is a path that a RUN of a stage writes (see writtenBy), after the
// first after of the stage's COPY and ADD sources.
type writtenPath struct {
	path  string
	after int
}

// runEnv is what a RUN instruction of a stage sees of the stage's ENV and ARG
// lines (see stage.env, envAt and bare): only those written above it, and those of
// the stage it is built from. An ENV after the RUN applies to the instructions
// after it, not to the RUN.
type runEnv struct {
	env   map[string]string
	envAt map[string]repo.Evidence
	bare  []string
}

// copySource is a source of a COPY or ADD: src, a path of the build context or,
// with from, of another stage or image (from its root), written at dest, an
// absolute path of the stage's file system: into it when intoDir (a destination
// ending with a slash, or several sources). file is set when src is surely a
// file, not a directory: the -o output of a go build of the stage it is copied from.
type copySource struct {
	from, src, dest string
	intoDir, file   bool
}

// contextCopy is a directory of the build context (src, relative to it) written at
// dest, an absolute path of a stage's file system.
type contextCopy struct {
	src, dest string
}

// instruction is a Dockerfile instruction (ENTRYPOINT), its arguments and where it
// is.
type instruction struct {
	name, args string
	at         repo.Evidence
}

var dockerVar = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}?`)

// readDockerfiles reads the Dockerfiles of the repository: those discovery found by
// their name and those a docker build of the Makefiles or the CI names with -f,
// whatever their name, each with the build contexts of those builds.
func (b *builds) readDockerfiles() {
	b.calls = b.dockerCalls()
	calls := b.calls
	for _, c := range calls {
		if !strings.Contains(c.file, "$") {
			b.r.ReadDockerfile(c.file)
		}
	}
	var problems []repo.Problem // reported before those of the CI files
	for _, p := range b.r.Dockerfiles {
		contexts := []string{path.Dir(p), "."} // no build names it: either
		named := false
		for _, c := range calls {
			if c.file != p {
				continue
			}
			if !named {
				contexts, named = nil, true
			}
			if c.context != "" && !slices.Contains(contexts, c.context) {
				contexts = append(contexts, c.context)
			}
		}
		df := parseDockerfile(b.r, p, slices.Compact(contexts))
		for _, s := range df.stages {
			if s.base == "" {
				problems = append(problems, repo.Problem{File: p, Err: fmt.Sprintf("line %d: FROM without an image", s.from.Line)})
			}
		}
		b.dockerfiles = append(b.dockerfiles, df)
	}
	b.problems = append(problems, b.problems...)
	b.markUnbuilt()
}

// markUnbuilt sets unbuilt on the Dockerfiles that no docker build read (Makefile,
// CI, bake or compose, GoReleaser dockers entry) builds, when those builds name the
// Dockerfiles they build: at least one that keeps its image (or a GoReleaser
// dockers entry) names another Dockerfile read, none leaves its Dockerfile to a
// variable, the standard input or a remote context, and no CI file is left unread
// or of a CI this audit does not read. Such a Dockerfile (a Dockerfile.dev beside
// the release one) ships no image.
func (b *builds) markUnbuilt() {
	if len(b.unreadCI) > 0 || len(b.otherCI) > 0 {
		return
	}
	named := map[string]bool{}
	var built []string // the Dockerfiles whose image a build keeps
	for _, c := range b.calls {
		if c.file == "" || strings.Contains(c.file, "$") || c.context == "" || c.loose {
			return // it may build any of them
		}
		named[c.file] = true
		if c.keeps {
			built = append(built, c.file)
		}
	}
	for _, c := range b.releasers {
		for _, img := range c.images {
			named[img.dockerfile] = true
			built = append(built, img.dockerfile)
		}
	}
	built = slices.DeleteFunc(built, func(p string) bool {
		return !slices.ContainsFunc(b.dockerfiles, func(df *dockerfile) bool { return df.path == p })
	})
	if len(built) == 0 {
		return
	}
	slices.Sort(built)
	list := strings.Join(slices.Compact(built), ", ")
	for _, df := range b.dockerfiles {
		if !named[df.path] {
			df.unbuilt = list
		}
	}
}

// parseDockerfile reads the Dockerfile at p from r, built with the build contexts
// given (directories of the repository; none when they are not in it). The commands
// of its RUN instructions are placed in the repository: the directory they run in
// (WORKDIR, cd) is mapped through the COPY, ADD and bind mounts of the build context
// to a directory of each context, the first in dir and the others in alsoIn. A
// command no copy of the context places keeps the Dockerfile's directory and is
// marked unplaced.
func parseDockerfile(r *repo.Repo, p string, contexts []string) *dockerfile {
	return parseDockerfileWith(r, p, contexts, nil)
}

// parseDockerfileWith reads the Dockerfile at p from r as parseDockerfile does, as a
// docker build with the build arguments args does: each sets the value of the ARG of
// its name.
func parseDockerfileWith(r *repo.Repo, p string, contexts []string, args []buildArg) *dockerfile {
	data, _ := r.ReadFile(p)
	src := strings.TrimPrefix(string(data), "\ufeff") // Docker skips a UTF-8 byte order mark
	raw := strings.Split(src, "\n")
	df := &dockerfile{path: p, contexts: contexts}
	given := func(name string) (string, bool) {
		for _, a := range args {
			if a.name != name {
				continue
			}
			if !a.known {
				if !slices.Contains(df.fromEnv, name) {
					df.fromEnv = append(df.fromEnv, name)
				}
				return "${" + name + "}", true
			}
			return a.value, true
		}
		return "", false
	}
	global := map[string]string{}
	var cur *stage
	// sourced holds what the scripts the RUNs source leave, read once for the RUNs
	// of one stage between two of its COPY or ADD instructions, which find them
	// alike (see sourcedPlace): sourcedIn is that stage and sourcedAfter how many
	// sources it had copied.
	var sourced *sourcedMemo
	var sourcedIn *stage
	sourcedAfter, sourcedWritten := 0, 0
	lines := logicalLines(dropComments(src), "\\")
	for k := 0; k < len(lines); k++ {
		ll := lines[k]
		text := strings.TrimSpace(ll.text)
		if text == "" {
			continue
		}
		instr, args := cutBlank(text)
		instr, args = strings.ToUpper(instr), strings.TrimSpace(args)
		at := r.At(p, ll.line)
		var docs []heredoc
		if instr == "RUN" || instr == "COPY" || instr == "ADD" {
			next := len(raw) + 1
			if k+1 < len(lines) {
				next = lines[k+1].line
			}
			docs, next = heredocs(raw, args, next)
			for k+1 < len(lines) && lines[k+1].line < next {
				k++ // the heredoc bodies are no instructions
			}
		}
		if instr == "FROM" {
			cur = df.from(args, at, global)
			continue
		}
		if instr == "ARG" {
			for k := range keyValues(args) {
				if !slices.Contains(df.declared, k) {
					df.declared = append(df.declared, k)
				}
			}
		}
		if cur == nil {
			if instr == "ARG" {
				for k, v := range keyValues(args) {
					if g, ok := given(k); ok {
						v = g
					}
					global[k] = v
				}
			}
			continue
		}
		switch instr {
		case "ENV", "ARG":
			for k, v := range keyValues(args) {
				if instr == "ARG" && cur.persisted[k] {
					continue // ENV NAME=... earlier wins over a later ARG NAME
				}
				if instr == "ENV" {
					cur.persisted[k] = true
				}
				if instr == "ARG" {
					if g, ok := given(k); ok {
						cur.env[k], cur.envAt[k] = g, at // the build's value, never expanded
						cur.bare = slices.DeleteFunc(cur.bare, func(n string) bool { return n == k })
						continue
					}
				}
				if _, ok := cur.env[k]; instr == "ARG" && v == "" && ok {
					continue // ARG NAME re-declares an inherited value
				}
				if instr == "ARG" && v == "" {
					v = global[k]
				}
				cur.env[k], cur.envAt[k] = substitute(v, cur.env), at
				cur.bare = slices.DeleteFunc(cur.bare, func(n string) bool { return n == k })
				if instr == "ARG" && cur.env[k] == "" {
					cur.bare = append(cur.bare, k)
				}
			}
		case "RUN":
			cur.reads = append(cur.reads, mountsFrom(substitute(args, cur.env))...)
			cur.takesAny = append(cur.takesAny, mountsFrom(substitute(args, cur.env))...)
			cur.scripts = append(cur.scripts, args)
			for _, d := range docs {
				cur.scripts = append(cur.scripts, strings.Join(d.body, "\n"))
			}
			cmds, mounts, shell := runCommands(r, args, at, docs, cur)
			for _, w := range writtenBy(cmds) { // its own too: before or after the source, not told apart
				cur.written = append(cur.written, writtenPath{w, len(cur.sources)})
			}
			// its exports carried, with those of the scripts it sources, found in
			// the stage's file system as the RUN runs them (before place)
			noSource, searched, pathDir := cur.noSource(cmds, shell), cur.pathSearch(cmds, shell), cur.pathDir()
			if sourced == nil || sourcedIn != cur || sourcedAfter != len(cur.sources) || sourcedWritten != len(cur.written) || sourced.noSource != noSource || !maps.Equal(sourced.searched, searched) || sourced.pathDir != pathDir {
				sourced, sourcedIn = &sourcedMemo{place: df.sourcedPlace(r, cur), noSource: noSource, searched: searched, pathDir: pathDir}, cur
				sourcedAfter, sourcedWritten = len(cur.sources), len(cur.written)
			}
			markSourced(context.Background(), r, cmds, sourced) // bounded by the files read: no context to stop
			for i := range cmds {
				cur.place(&cmds[i], mounts, contexts)
			}
			cur.runs = append(cur.runs, cmds...)
			seen := runEnv{env: maps.Clone(cur.env), envAt: maps.Clone(cur.envAt), bare: slices.Clone(cur.bare)}
			if len(cmds) > 0 && !cmds[0].exec && cur.shellClears {
				seen = runEnv{env: map[string]string{}, envAt: map[string]repo.Evidence{}}
			}
			if len(cmds) > 0 && !cmds[0].exec {
				for k, v := range cur.shellEnv { // env sets them over the ENV the shell gets
					seen.env[k], seen.envAt[k] = v, cur.shellEnvAt
					seen.bare = slices.DeleteFunc(seen.bare, func(n string) bool { return n == k })
				}
			}
			for range cmds {
				cur.runEnvs = append(cur.runEnvs, seen)
			}
		case "SHELL":
			cur.shellEnv, cur.shellClears = shellEnv(args)
			cur.shellProg = shellProgram(args)
			cur.shellEnvAt = at
		case "ENTRYPOINT", "CMD", "HEALTHCHECK", "STOPSIGNAL":
			cur.starts[instr] = instruction{name: instr, args: args, at: at}
		case "USER":
			if cur.user = strings.TrimSpace(substitute(args, cur.env)); cur.user == "" {
				cur.user = args // an ARG without a value: a build this audit does not see may pass one
			}
			cur.userAt = at
		case "COPY", "ADD":
			cur.caCerts = cur.caCerts || strings.Contains(args, "ca-certificates") || strings.Contains(args, "/etc/ssl/certs")
			if dest := copyDest(args); dest != "" {
				cur.copied = append(cur.copied, cur.abs(substitute(dest, cur.env)))
			}
			cur.fromContext = append(cur.fromContext, cur.contextCopies(substitute(args, cur.env))...)
			from := copyFrom(substitute(args, cur.env))
			if from != "" {
				cur.reads = append(cur.reads, from)
			}
			sources := cur.copySources(substitute(args, cur.env))
			if from != "" && (len(sources) == 0 || slices.ContainsFunc(sources, func(c copySource) bool { return strings.Contains(c.src, "$") })) {
				cur.takesAny = append(cur.takesAny, from)
			}
			for i, c := range sources {
				if st := df.stage(c.from); st != nil && st.index < cur.index && !c.intoDir {
					sources[i].file = st.buildsFile(c.src)
				}
			}
			cur.sources = append(cur.sources, sources...)
		case "WORKDIR":
			cur.workdir = cur.abs(substitute(args, cur.env))
			cur.workdirs = append(cur.workdirs, cur.workdir)
		}
	}
	return df
}

// shellProgram returns the base name of the program that a SHELL instruction's
// arguments, a JSON array, run, past an env that runs it (["/usr/bin/env",
// "CGO_ENABLED=1", "/bin/bash", "-c"]: bash); "" when it names none.
func shellProgram(args string) string {
	var words []string
	if json.Unmarshal([]byte(args), &words) != nil || len(words) == 0 {
		return ""
	}
	if path.Base(words[0]) == "env" {
		words = words[1:]
		for len(words) > 0 && (strings.HasPrefix(words[0], "-") || strings.Contains(words[0], "=")) {
			words = words[1:]
		}
		if len(words) == 0 {
			return ""
		}
	}
	return path.Base(words[0])
}

// noSource says why the shell of cmds, the commands of a RUN of s, may have no
// source builtin: a RUN of the shell form whose shell (that of its heredoc, see
// runCommands, else its SHELL) is not bash, zsh or ksh runs /bin/sh, dash in Debian
// and Ubuntu images (golang:1.25), where source is not found and sources nothing;
// "" for one that has it, and for the sh or ash of a stage built on an Alpine image
// (see alpineSh).
func (s *stage) noSource(cmds []command, shell string) string {
	if shell == "" {
		shell = s.shellProg
	}
	if len(cmds) == 0 || cmds[0].exec || slices.Contains([]string{"bash", "zsh", "ksh", "mksh"}, shell) {
		return ""
	}
	if slices.Contains([]string{"", "sh", "ash"}, shell) && s.alpineSh() {
		return ""
	}
	sh := "/bin/sh"
	if shell != "" {
		sh = shell
	}
	return "a source that the RUN's shell, " + sh + ", may not have (dash, the /bin/sh of Debian and Ubuntu images, has no source builtin: \"source: not found\", and it sets nothing; use . or SHELL [\"/bin/bash\", \"-c\"])"
}

// pathSearch tells, by the builtin (. and source), where the shell of cmds, the
// commands of a RUN of s (that of its heredoc, see runCommands, else its SHELL),
// looks for a script named without a slash (. env.sh), for sourcedMemo.searched:
// in the directories of PATH first, which this audit cannot list; then in the
// working directory for bash and busybox's ash (the sh of Alpine images, built
// with ASH_BASH_SOURCE_CURDIR), not at all for dash (the /bin/sh of Debian and
// Ubuntu images), nor for zsh's .; zsh's source looks in the working directory
// first. None for a RUN of the exec form.
func (s *stage) pathSearch(cmds []command, shell string) map[string]string {
	if shell == "" {
		shell = s.shellProg
	}
	if len(cmds) == 0 || cmds[0].exec {
		return nil
	}
	first := "looks for in the directories of PATH first"
	switch {
	case shell == "bash":
		return map[string]string{".": "bash " + first + ", then in the working directory", "source": "bash " + first + ", then in the working directory"}
	case slices.Contains([]string{"", "sh", "ash"}, shell) && s.alpineSh():
		where := "busybox's ash, the /bin/sh of Alpine images, " + first + ", then in the working directory"
		return map[string]string{".": where, "source": where}
	case shell == "zsh":
		return map[string]string{".": "zsh looks for in the directories of PATH alone, not in the working directory"}
	case shell == "dash":
		return map[string]string{".": "dash looks for in the directories of PATH alone, not in the working directory (\".: not found\" stops the RUN where none holds it)"}
	case shell == "" || shell == "sh":
		return map[string]string{".": "the RUN's shell, /bin/sh, looks for in the directories of PATH alone, not in the working directory, where it is dash, the /bin/sh of Debian and Ubuntu images (\".: not found\" stops the RUN where none holds it)"}
	}
	return map[string]string{".": shell + " " + first, "source": shell + " " + first}
}

// pathDir returns the first directory of the PATH that the ENV and ARG of s give
// the shell of its RUNs (ENV PATH=/src:$PATH: /src, its later ENV PATH=... set
// over it as Docker expands them), "." for an empty one (the working directory);
// "" where this audit cannot tell it: s sets no PATH (the base image's; an ARG PATH
// without a value sets none), the first is one through a variable ($PATH, the base
// image's), or its SHELL runs through env -i or sets PATH.
func (s *stage) pathDir() string {
	v, ok := s.env["PATH"]
	if _, set := s.shellEnv["PATH"]; !ok || set || s.shellClears || slices.Contains(s.bare, "PATH") {
		return ""
	}
	first, _, _ := strings.Cut(v, ":")
	switch {
	case strings.ContainsAny(first, "$`~"):
		return ""
	case first == "":
		return "."
	}
	return first
}

// alpineSh reports whether s is built on an Alpine image (alpine:3.22,
// docker.io/library/alpine, golang:1.26-alpine: see golangAlpine), whose /bin/sh
// and /bin/ash are busybox's ash, built with its bash extensions (ASH_BASH_COMPAT,
// on by default), which make source the . builtin.
func (s *stage) alpineSh() bool {
	base := s.root().base
	if golangAlpine(base) {
		return true
	}
	name, _, _ := strings.Cut(base, "@")
	if i := strings.LastIndexByte(name, ':'); i > strings.LastIndexByte(name, '/') {
		name = name[:i]
	}
	return name == "alpine" || name == "library/alpine" || strings.HasSuffix(name, "/library/alpine")
}

// shellEnv returns the variables that a SHELL instruction's arguments, a JSON
// array, set for the shell through env (["/usr/bin/env", "CGO_ENABLED=1",
// "/bin/sh", "-c"]; env -u NAME sets NAME empty, env -S splits the string after it
// into words, ["env", "-S", "CGO_ENABLED=1 sh -c"]: see envOptions), or nil; clears
// reports env -i (-, --ignore-environment, -iS ...), which starts the shell with
// those alone.
func shellEnv(args string) (env map[string]string, clears bool) {
	var words []string
	if json.Unmarshal([]byte(args), &words) != nil || len(words) == 0 || path.Base(words[0]) != "env" {
		return nil, false
	}
	c, _ := newCommand(append([]string{"env"}, words[1:]...))
	if len(c.env) == 0 {
		return nil, c.clears
	}
	return c.env, c.clears
}

// dockerBlanks are the characters Docker's parser splits an instruction from its
// arguments at, and its flags from each other.
const dockerBlanks = " \t\v\f\r"

// cutBlank returns the first word of s and what follows the run of blanks after it,
// as Docker splits an instruction (ENTRYPOINT\t/api is the shell form of ENTRYPOINT).
func cutBlank(s string) (word, rest string) {
	i := strings.IndexAny(s, dockerBlanks)
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimLeft(s[i:], dockerBlanks)
}

// dropComments blanks the comment lines, which may sit inside continued lines,
// keeping the line count. Inside a continued line, Docker skips the comment lines
// and the empty ones (a deprecated form, which still builds), and a backslash
// followed by blanks continues the line too: such lines end with the backslash.
func dropComments(src string) string {
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasSuffix(t, "\\") {
			lines[i] = strings.TrimRight(l, " \t\r")
		}
		if t == "" || strings.HasPrefix(t, "#") {
			lines[i] = ""
			if i > 0 && strings.HasSuffix(lines[i-1], "\\") {
				lines[i] = "\\"
			}
		}
	}
	return strings.Join(lines, "\n")
}

func (df *dockerfile) from(args string, at repo.Evidence, global map[string]string) *stage {
	fields := strings.Fields(args)
	for len(fields) > 0 && strings.HasPrefix(fields[0], "--") {
		fields = fields[1:]
	}
	s := &stage{index: len(df.stages), from: at, env: map[string]string{}, envAt: map[string]repo.Evidence{}, persisted: map[string]bool{}, starts: map[string]instruction{}, workdir: "/"}
	if len(fields) > 0 {
		s.base = substitute(fields[0], global)
	}
	if len(fields) >= 3 && strings.EqualFold(fields[1], "AS") {
		s.name = fields[2]
	}
	if parent := df.stage(s.base); parent != nil {
		s.parent, s.workdir = parent, parent.workdir
		s.bare = slices.Clone(parent.bare)
		s.shellEnv, s.shellEnvAt, s.shellClears = parent.shellEnv, parent.shellEnvAt, parent.shellClears
		s.shellProg = parent.shellProg
		s.persisted = maps.Clone(parent.persisted)
		for k, v := range parent.env {
			s.env[k], s.envAt[k] = v, parent.envAt[k]
		}
	}
	df.stages = append(df.stages, s)
	return s
}

// stage returns the stage named or numbered ref, or nil.
func (df *dockerfile) stage(ref string) *stage {
	for _, s := range df.stages {
		if s.name != "" && strings.EqualFold(s.name, ref) {
			return s
		}
	}
	for _, s := range df.stages {
		if ref == strconv.Itoa(s.index) {
			return s
		}
	}
	return nil
}

// dockerCall is a docker build (docker buildx build, podman build, a target of
// docker buildx bake, a service of docker compose build) of a Dockerfile:
// the stage it names with --target ("" for the last) and whether it keeps the image
// (a tag, a push or an output).
type dockerCall struct {
	file, target string
	// context is the build context, a directory of the repository, or "" when it
	// is none (a URL, the standard input, a variable).
	context string
	keeps   bool
	args    []buildArg
	at      repo.Evidence
	// unread says why the stage or build arguments of a bake or compose build
	// cannot be told (file is "" when the Dockerfile cannot be either), and
	// argsUnread is set when only the build arguments cannot: the stage is target's.
	unread     string
	argsUnread bool
	// loose is set when a word of the command is left to a variable ($ARGS, a
	// ${{ }} expression), which may hold build arguments.
	loose bool
}

// buildArg is a --build-arg of a docker build: a name and its value, unless the
// build takes it from its environment (--build-arg NAME, or a value left to a
// variable or expression).
type buildArg struct {
	name, value string
	known       bool
}

// readBuildArg reads NAME=value or NAME (taken from the environment); a value with
// a variable ($VAR, ${{ expression }}) is taken from it too.
func readBuildArg(s string) buildArg {
	k, v, ok := strings.Cut(s, "=")
	return buildArg{name: k, value: v, known: ok && !strings.Contains(v, "$")}
}

func (a buildArg) String() string {
	if !a.known {
		return "--build-arg " + a.name
	}
	return "--build-arg " + a.name + "=" + a.value
}

// dockerValueFlags are the flags of docker build, docker buildx build, podman and
// buildah build, nerdctl build and depot build that take a value.
var dockerValueFlags = []string{"-f", "--file", "--target", "-t", "--tag", "--build-arg", "--platform", "--label", "--cache-from", "--cache-to", "--secret", "--ssh", "-o", "--output", "--progress", "--network", "--iidfile", "--builder", "--metadata-file", "--add-host", "--build-context", "--annotation", "--attest", "--shm-size", "--ulimit", "-m", "--memory", "--memory-swap", "--isolation", "--cgroup-parent", "--allow",
	"--sbom", "--provenance", "--call", "--no-cache-filter", "-c", "--cpu-shares", "--cpuset-cpus", "--cpuset-mems", "--cpu-period", "--cpu-quota", "--security-opt",
	// podman and buildah
	"--authfile", "--creds", "--cert-dir", "--format", "--jobs", "--os", "--arch", "--variant", "-v", "--volume", "--build-arg-file", "--manifest", "--logfile", "--sign-by", "--timestamp", "--env", "--from", "--cache-ttl", "--signature-policy", "--runtime", "--userns", "--device", "--dns", "--cap-add", "--cap-drop", "--layer-label", "--unsetenv", "--unsetlabel", "--retry", "--retry-delay", "--ipc", "--pid", "--uts", "--cgroupns",
	// depot
	"--project", "--token", "--build-platform"}

// dockerBuilders are the commands that build a Dockerfile with docker build's
// flags, and how many words name the command: docker's and podman's, buildah's
// (build, or bud, its older name), nerdctl's (containerd) and Depot's.
var dockerBuilders = [][]string{
	{"docker", "build"}, {"docker", "buildx", "build"}, {"docker", "image", "build"},
	{"podman", "build"}, {"podman", "image", "build"}, {"buildah", "build"}, {"buildah", "bud"},
	{"nerdctl", "build"}, {"nerdctl", "image", "build"}, {"depot", "build"},
}

// readDockerCall reads c as a docker build (or one of dockerBuilders, or kaniko's
// executor, in r), reporting whether it is one (a build with --call other than
// build, or --check, only checks the Dockerfile).
func readDockerCall(r *repo.Repo, c command) (dockerCall, bool) {
	if kanikoCall(c) {
		return readKanikoCall(r, c), true
	}
	i := slices.IndexFunc(dockerBuilders, func(b []string) bool { return c.is(b...) })
	if i < 0 {
		return dockerCall{}, false
	}
	words := c.words[len(dockerBuilders[i]):]
	dc := dockerCall{at: c.at}
	context, file := ".", ""
	for _, w := range cliWords(words, dockerValueFlags) {
		switch w.flag {
		case "":
			context = w.value
			_, checkout := fromCheckout(context)
			dc.loose = dc.loose || strings.Contains(context, "$") && !checkout
		case "-f", "--file":
			file = w.value
		case "--target":
			dc.target = w.value
		case "--build-arg":
			dc.args = append(dc.args, readBuildArg(w.value))
		case "--build-arg-file": // build arguments in a file this audit does not read
			dc.loose = true
		case "-t", "--tag", "-o", "--output":
			dc.keeps = true
		case "--push", "--load":
			dc.keeps = dc.keeps || w.set()
		case "--call":
			if w.value != "build" {
				return dockerCall{}, false
			}
		case "--check":
			if w.set() {
				return dockerCall{}, false
			}
		}
	}
	if file == "" {
		file = path.Join(context, "Dockerfile")
	}
	dc.file = inRepo(c.dir, file)
	dc.context = buildContext(c.dir, context)
	return dc, true
}

// inRepo returns the path relative to the root of p, a path of a command run in
// dir: a path under the variable that holds the checkout in CI ($CI_PROJECT_DIR/x)
// is x.
func inRepo(dir, p string) string {
	if d, ok := fromCheckout(p); ok {
		return d
	}
	return path.Join(dir, p)
}

// buildContext returns the directory of the repository that context, the build
// context of a build run in dir, names, or "" when it names none: the standard
// input (-), a URL, a variable, a path out of the repository.
func buildContext(dir, context string) string {
	if d, ok := fromCheckout(context); ok {
		return d
	}
	if ctx := path.Join(dir, context); context != "-" && !strings.Contains(context, "://") && !strings.ContainsAny(context, "$@") && !path.IsAbs(context) && ctx != ".." && !strings.HasPrefix(ctx, "../") {
		return ctx
	}
	return ""
}

// kanikoCall reports whether c runs kaniko's executor (/kaniko/executor, in
// kaniko's image), which builds a Dockerfile without a daemon.
func kanikoCall(c command) bool {
	return len(c.words) > 0 && (c.words[0] == "/kaniko/executor" || c.words[0] == "executor" && slices.ContainsFunc(c.words[1:], func(w string) bool {
		flag, _, _ := strings.Cut(w, "=")
		return flag == "--dockerfile" || flag == "--context" || flag == "--destination"
	}))
}

// kanikoValueFlags are the flags of kaniko's executor that take a value.
var kanikoValueFlags = []string{"-c", "--context", "-f", "--dockerfile", "-d", "--destination", "--build-arg", "--target", "--cache-repo", "--cache-dir", "--cache-ttl", "--digest-file", "--image-name-with-digest-file", "--image-name-tag-with-digest-file", "--oci-layout-path", "--tar-path", "--label", "--registry-mirror", "--registry-map", "--insecure-registry", "--skip-tls-verify-registry", "--registry-certificate", "--registry-client-cert", "--customPlatform", "--custom-platform", "--snapshot-mode", "--snapshotMode", "-v", "--verbosity", "--log-format", "--kaniko-dir", "--ignore-path", "--git", "--compression", "--compression-level", "--push-retry", "--image-fs-extract-retry", "--image-download-retry", "--context-sub-path"}

// readKanikoCall reads c, a run of kaniko's executor (see kanikoCall): its build
// context is --context (a dir:// one included; /workspace, kaniko's default, is
// no directory of the repository), its Dockerfile --dockerfile, Dockerfile by
// default, which kaniko looks for where it runs, then in the context; the image
// is kept by --destination or --tar-path.
func readKanikoCall(r *repo.Repo, c command) dockerCall {
	dc := dockerCall{at: c.at}
	context, file, sub := "/workspace", "Dockerfile", ""
	for _, w := range cliWords(c.words[1:], kanikoValueFlags) {
		switch w.flag {
		case "-c", "--context":
			context = strings.TrimPrefix(w.value, "dir://")
		case "--context-sub-path":
			sub = w.value
		case "-f", "--dockerfile":
			file = w.value
		case "--target":
			dc.target = w.value
		case "--build-arg":
			dc.args = append(dc.args, readBuildArg(w.value))
		case "-d", "--destination", "--tar-path":
			dc.keeps = true
		}
	}
	if sub != "" {
		context = path.Join(context, sub)
	}
	dc.context = buildContext(c.dir, context)
	_, checkout := fromCheckout(context)
	dc.loose = strings.Contains(context, "$") && !checkout
	dc.file = inRepo(c.dir, file)
	if _, ok := r.ReadFile(dc.file); !ok && !path.IsAbs(file) && dc.context != "" {
		dc.file = path.Join(dc.context, file)
	}
	return dc
}

// shipment is a stage of a Dockerfile kept as an image, with the build arguments of
// the docker build that keeps it (those the Dockerfile declares) and that build
// (nil when none is found).
type shipment struct {
	stage *stage
	args  []buildArg
	call  *dockerCall
}

// shipped returns the stages of df that builds keep as images: the stages the
// docker builds of df that keep their image name with --target (the last stage for
// one without), or, when no build keeps one, those that any build names; the last
// stage when no build of df is found, unless the builds read build other
// Dockerfiles and not df (see markUnbuilt): none then. A stage is returned once
// for each set of build arguments it is built with. A bake build whose build
// arguments only cannot be read counts, at its stage, with its call's argsUnread
// set.
func (df *dockerfile) shipped(calls []dockerCall) []shipment {
	if df.unbuilt != "" {
		return nil // no build read builds it (see markUnbuilt)
	}
	var kept, named []*dockerCall
	for i, c := range calls {
		if c.file != df.path || c.unread != "" && !c.argsUnread {
			continue
		}
		named = append(named, &calls[i])
		if c.keeps {
			kept = append(kept, &calls[i])
		}
	}
	if len(kept) == 0 {
		kept = named
	}
	if len(kept) == 0 {
		kept = []*dockerCall{nil}
	}
	var out []shipment
	for _, c := range kept {
		sh := shipment{stage: df.final(), call: c}
		if c != nil {
			if c.target != "" {
				sh.stage = df.stage(c.target)
			}
			for _, a := range c.args {
				if slices.Contains(df.declared, a.name) {
					sh.args = append(sh.args, a)
				}
			}
		}
		if sh.stage != nil && !slices.ContainsFunc(out, func(o shipment) bool { return o.stage == sh.stage && slices.Equal(o.args, sh.args) }) {
			out = append(out, sh)
		}
	}
	return out
}

// fromEnvIn returns the build argument taken from the environment that value (read
// with it left as ${NAME}) refers to, or "".
func (df *dockerfile) fromEnvIn(value string) string {
	for _, m := range dockerVar.FindAllStringSubmatch(value, -1) {
		if slices.Contains(df.fromEnv, m[1]) {
			return m[1]
		}
	}
	return ""
}

// reached returns the stages that building s runs and whose files its image may
// hold: s, the stage it is built on, and those its COPY --from and RUN --mount
// from= read, in turn. BuildKit builds no other stage of the Dockerfile for it,
// and the classic builder, which builds every stage before it, puts nothing of
// theirs into the image. A reference this audit cannot resolve (a variable left in
// it) reaches every stage.
func (df *dockerfile) reached(s *stage) map[*stage]bool {
	out := map[*stage]bool{}
	var walk func(*stage)
	walk = func(s *stage) {
		if s == nil || out[s] {
			return
		}
		out[s] = true
		walk(s.parent)
		for _, ref := range s.reads {
			if strings.Contains(ref, "$") {
				for _, t := range df.stages {
					out[t] = true
				}
				return
			}
			walk(df.stage(ref))
		}
	}
	walk(s)
	return out
}

// holds reports whether the image built from stage image may hold the binary that
// g, a go build run in stage s, writes: its -o path, absolute (a relative one, go
// install and a path left to a variable are not told, and may be anywhere), is
// the file, or a directory holding a file named after the main package (-o /out/
// ./cmd/..., or -o into a directory made before; name is the main package's
// directory name, "" when the file's name is not told: any file there). The image
// holds what it is built
// FROM s, directly or through other stages, and what its stages take from s by COPY
// --from of a source at that path, a directory above it or a pattern matching it;
// any file of a stage that took something from s, a RUN --mount from= and a COPY
// --from whose sources this audit did not read may be it.
func (df *dockerfile) holds(image, s *stage, g goBuild, name string) bool {
	out := g.outPath
	if !g.output || g.cmd.is("go", "install") || !path.IsAbs(out) || strings.ContainsAny(out, "$`") {
		return true
	}
	out = path.Clean(out)
	takesOut := func(src string) bool {
		src = path.Clean(path.Join("/", src))
		if covers(src, out) || name != "" && covers(src, path.Join(out, name)) {
			return true
		}
		dir, _ := path.Split(src)
		return name == "" && path.Clean(dir) == out // a file in it, of any name
	}
	lineage := func(t *stage) bool { // built FROM s, so its files are at their paths
		for ; t != nil; t = t.parent {
			if t == s {
				return true
			}
		}
		return false
	}
	reached := df.reached(image)
	held := map[*stage]bool{}  // stages that may hold the binary
	exact := map[*stage]bool{} // of those, the stages where it is at out
	for _, t := range df.stages {
		if lineage(t) {
			held[t], exact[t] = true, true
		}
	}
	for changed := true; changed; {
		changed = false
		for _, t := range df.stages {
			if held[t] || !reached[t] {
				continue
			}
			takes := slices.ContainsFunc(t.takesAny, func(ref string) bool { return strings.Contains(ref, "$") || held[df.stage(ref)] })
			for _, c := range t.sources {
				from := df.stage(c.from)
				switch {
				case strings.Contains(c.from, "$"): // any stage
					takes = true
				case c.from == "" || from == nil || !held[from]:
				case !exact[from]:
					takes = true
				case takesOut(c.src):
					takes = true
				}
			}
			if !takes {
				continue
			}
			for _, u := range df.stages { // and what is built FROM it
				for v := u; v != nil; v = v.parent {
					if v == t && !held[u] {
						held[u], changed = true, true
					}
				}
			}
		}
	}
	return held[image]
}

// covers reports whether a COPY source src (an absolute path of a stage) takes the
// file p: it is p, a directory above it, or a pattern matching it or a directory
// above it.
func covers(src, p string) bool {
	src = path.Clean(src)
	if src == "/" || src == p || strings.HasPrefix(p, src+"/") {
		return true
	}
	for d := p; d != "/" && d != "."; d = path.Dir(d) {
		if ok, err := path.Match(src, d); ok || err != nil {
			return true
		}
	}
	return false
}

// used returns the stages of df that the images its docker builds keep (see
// shipped) are built from (see reached); every stage when a build's stage cannot
// be told (a --target this audit cannot resolve, or a bake or compose build whose
// stage it cannot read).
func (df *dockerfile) used(calls []dockerCall) map[*stage]bool {
	out := map[*stage]bool{}
	for _, c := range calls {
		if c.file == df.path && (c.unread != "" && !c.argsUnread || c.target != "" && df.stage(c.target) == nil) {
			for _, s := range df.stages {
				out[s] = true
			}
			return out
		}
	}
	for _, sh := range df.shipped(calls) {
		maps.Copy(out, df.reached(sh.stage))
	}
	return out
}

// final returns the last stage, or nil.
func (df *dockerfile) final() *stage {
	if len(df.stages) == 0 {
		return nil
	}
	return df.stages[len(df.stages)-1]
}

// goEnv returns the settings that "go env -w" writes in s and the stages it is built
// on, up to its run before (all of them when before is nil): the go command's
// configuration file, read after the environment.
func (s *stage) goEnv(before *command) map[string]string {
	env := map[string]string{}
	if s.parent != nil {
		env = s.parent.goEnv(nil)
	}
	for i := range s.runs {
		c := &s.runs[i]
		if c == before {
			break
		}
		if c.is("go", "env", "-w") {
			for _, w := range c.words[3:] {
				if k, v, ok := strings.Cut(w, "="); ok {
					env[k] = v
				}
			}
		}
	}
	return env
}

// buildEnv returns the value of the variable key in the environment of command c,
// run by s.runs[i] (or by what that runs): set on c or on the RUN
// (CGO_ENABLED=0 make build), by an ENV or ARG of the stage above the RUN (not one
// after it), or by a go env -w of an earlier RUN; false when none sets it.
//
// A value a script leaves unsure, with the shell's start among those it may be
// (see startedWith), has that start replaced by what sets the variable after c.
func (s *stage) buildEnv(i int, c command, key string) (string, bool) {
	return s.buildEnvFrom(0, i, c, key)
}

// buildEnvFrom is buildEnv from where step (0 to 3, in buildEnv's order) sets key.
func (s *stage) buildEnvFrom(step, i int, c command, key string) (v string, ok bool) {
	switch step {
	case 0:
		v, ok = c.getenv(key)
	case 1:
		v, ok = s.runs[i].getenv(key)
	case 2:
		v, ok = s.runEnvs[i].env[key]
	default:
		v, ok := s.goEnv(&s.runs[i])[key]
		return v, ok
	}
	if !ok {
		return s.buildEnvFrom(step+1, i, c, key)
	}
	if _, start, _ := possibleValues(v); start {
		outer, set := s.buildEnvFrom(step+1, i, c, key)
		return startedWith(v, outer, set), true
	}
	return v, true
}

// cgoOn returns whether the go build c, run by s.runs[i], has cgo on: as the
// CGO_ENABLED of its environment sets it (see buildEnv), else as the go command
// decides for a build for the platform it runs on (no GOOS or GOARCH set): on when a
// C compiler is found, as on a golang image built on Debian, which ships gcc, or once
// a RUN installs one, and off on a golang alpine image that installs none (see
// noCompiler). It is nil when that is not known: a value this audit cannot read, a
// GOOS or GOARCH set, or an image it does not know.
func (s *stage) cgoOn(i int, c command) *bool {
	on, off := true, false
	if v, ok := s.buildEnv(i, c, "CGO_ENABLED"); ok {
		switch v {
		case "1":
			return &on
		case "0":
			return &off
		}
		return nil
	}
	for _, key := range []string{"GOOS", "GOARCH"} {
		if _, ok := s.buildEnv(i, c, key); ok {
			return nil
		}
	}
	switch {
	case s.noCompiler(&s.runs[i]):
		return &off
	case s.hasCompiler(&s.runs[i]):
		return &on
	}
	return nil
}

// cCompilers are the packages and programs that give a build stage a C compiler.
// alpine-sdk depends on build-base.
var cCompilers = []string{"gcc", "build-base", "clang", "musl-dev", "cc", "build-essential", "g++", "alpine-sdk"}

// noCompiler reports whether s, up to its run before, has no C compiler: it is built
// on a golang alpine image (which ships none) and no RUN of it or of the stages it
// is built on installs one.
func (s *stage) noCompiler(before *command) bool {
	return s.golangAlpine() && !s.installsCompiler(before)
}

// golangAlpine reports whether s is built on a golang alpine image
// (golang:1.26-alpine), which ships neither a C compiler nor git, unlike the golang
// images built on Debian.
func (s *stage) golangAlpine() bool {
	return golangAlpine(s.root().base)
}

// golangAlpine reports whether image is a golang alpine image (golang:1.26-alpine,
// mirror.example/library/golang:alpine), which ships neither a C compiler nor git:
// a Dockerfile stage's base, or the image a CI job runs in.
func golangAlpine(image string) bool {
	name, tag, _ := strings.Cut(image, ":")
	return (name == "golang" || strings.HasSuffix(name, "/golang")) && strings.Contains(tag, "alpine")
}

// gitPackages are the packages and programs that give a build stage git: git-lfs
// depends on git (on Alpine, Debian and Fedora), alpine-sdk too.
var gitPackages = []string{"git", "git-core", "git-lfs", "alpine-sdk"}

// noGit reports whether s, up to its run before, surely has no git program: it is
// built on a golang alpine image (see golangAlpine) and no RUN of it or of the
// stages it is built on installs git (apk add git) or runs it. A git command run
// there prints nothing on its standard output, and the go command, finding the
// tool missing, stamps no VCS data (unless -buildvcs=true, which fails the build).
// why says so, for the message, and at is the FROM line that names the image.
func (s *stage) noGit(before *command) (why string, at repo.Evidence, ok bool) {
	if !s.golangAlpine() || s.installs(before, gitPackages) {
		return "", repo.Evidence{}, false
	}
	return "its stage has no git (" + s.root().base + " ships none, and no RUN installs it: apk add --no-cache git)", s.root().from, true
}

// hasCompiler reports whether s, up to its run before, surely has a C compiler: it
// is built on a golang image that is not an alpine one (those built on Debian ship
// gcc), or a RUN of it or of the stages it is built on installs one.
func (s *stage) hasCompiler(before *command) bool {
	name, tag, _ := strings.Cut(s.root().base, ":")
	golang := name == "golang" || strings.HasSuffix(name, "/golang")
	return golang && !strings.Contains(tag, "alpine") && !strings.ContainsAny(tag, "$") || s.installsCompiler(before)
}

// installsCompiler reports whether a RUN of s or of the stages it is built on, up to
// s's run before, installs a C compiler (see cCompilers).
func (s *stage) installsCompiler(before *command) bool {
	return s.installs(before, cCompilers)
}

// installs reports whether a RUN of s or of the stages it is built on, up to s's run
// before, installs one of pkgs (see installed) or runs it as its program.
func (s *stage) installs(before *command, pkgs []string) bool {
	for st := s; st != nil; st = st.parent {
		for i := range st.runs {
			c := &st.runs[i]
			if c == before {
				break
			}
			if installsOne(*c, pkgs) {
				return true
			}
		}
	}
	return false
}

// installsOne reports whether the command c installs one of pkgs (see installed) or
// runs it as its program: a RUN of a Dockerfile stage, or a command of a CI job.
func installsOne(c command, pkgs []string) bool {
	return len(c.words) > 0 && slices.Contains(pkgs, path.Base(c.words[0])) || slices.ContainsFunc(installed(c.words), func(p string) bool { return slices.Contains(pkgs, p) })
}

// installers are the package managers whose install command installs the packages
// it names: the command that does (apk add), and the options that take the next word
// as their value (apk add --virtual .build-deps gcc names a virtual package, not one
// to install).
var installers = map[string]struct {
	install []string
	valued  []string
}{
	"apk":      {[]string{"add"}, []string{"-t", "--virtual", "-X", "--repository", "-p", "--root", "--arch", "--cache-dir", "--keys-dir", "--repositories-file"}},
	"apt-get":  {[]string{"install"}, []string{"-o", "--option", "-t", "--target-release", "--default-release", "-c", "--config-file"}},
	"apt":      {[]string{"install"}, []string{"-o", "--option", "-t", "--target-release", "--default-release", "-c", "--config-file"}},
	"yum":      {[]string{"install"}, []string{"-c", "--config", "-x", "--exclude", "--enablerepo", "--disablerepo", "--installroot", "--releasever", "--setopt"}},
	"dnf":      {[]string{"install"}, []string{"-c", "--config", "-x", "--exclude", "--enablerepo", "--disablerepo", "--repo", "--repoid", "--installroot", "--releasever", "--setopt"}},
	"microdnf": {[]string{"install"}, []string{"--enablerepo", "--disablerepo", "--installroot", "--releasever", "--setopt"}},
	"tdnf":     {[]string{"install"}, []string{"-c", "--config", "--enablerepo", "--disablerepo", "--installroot", "--releasever", "--setopt"}},
	"zypper":   {[]string{"install", "in"}, []string{"-r", "--repo", "-t", "--type", "--root", "-R"}},
}

// installed returns the packages the command words install: the arguments of a
// package manager's install command (apk add, apt-get install, dnf install, see
// installers), its options skipped (before the command too: apk --no-cache add), each
// without the version or release it is pinned to (git=2.49.1-r0, gcc~14,
// git/bookworm); nil for any other command.
func installed(words []string) []string {
	if len(words) == 0 {
		return nil
	}
	m, ok := installers[path.Base(words[0])]
	if !ok {
		return nil
	}
	var out []string
	sub := false // the install command was read
	for i := 1; i < len(words); i++ {
		w := words[i]
		switch {
		case strings.HasPrefix(w, "-"):
			if slices.Contains(m.valued, w) {
				i++ // the option's value
			}
		case !sub:
			if !slices.Contains(m.install, w) {
				return nil // another command: apk del, apt-get update
			}
			sub = true
		default:
			if j := strings.IndexAny(w, "=<>~/"); j > 0 {
				w = w[:j]
			}
			out = append(out, w)
		}
	}
	return out
}

// root returns the stage whose FROM names an image that s is built on: s itself,
// or the stage at the start of its chain of FROM stage-name.
func (s *stage) root() *stage {
	for s.parent != nil {
		s = s.parent
	}
	return s
}

// start returns the ENTRYPOINT, CMD, HEALTHCHECK or STOPSIGNAL (instr) of the image
// of s: its own last one, or the one of the stage it is built on.
func (s *stage) start(instr string) (instruction, bool) {
	for ; s != nil; s = s.parent {
		if in, ok := s.starts[instr]; ok {
			return in, true
		}
	}
	return instruction{}, false
}

// inherits reports whether has holds for s or a stage it is built on.
func (s *stage) inherits(has func(*stage) bool) bool {
	for ; s != nil; s = s.parent {
		if has(s) {
			return true
		}
	}
	return false
}

// expandUnset returns value, a part of command c of s.runs[i] (or of what it
// runs), with the references to variables that nothing gives a value there
// replaced by "", as the shell does, and their names: no ARG or ENV of the stage
// above the RUN (a global ARG, declared before the
// first FROM, is in scope for the FROM lines only; an ARG without a value only when
// passed reports that a docker build may pass it, see builds.argPassed), no
// variable of c's environment or an export before it, and no assignment in the
// stage's RUN commands.
func (s *stage) expandUnset(value string, i int, c command, passed func(name string) bool) (string, []string) {
	var names []string
	seen := s.runEnvs[i]
	assigned := func(name string) bool {
		if v, ok := seen.env[name]; ok && (v != "" || !slices.Contains(seen.bare, name) || passed(name)) {
			return true
		}
		if _, ok := c.shellVar(name); ok {
			return true
		}
		// VERSION=$(cat VERSION), export VERSION, read VERSION, for VERSION in ...
		set := regexp.MustCompile(`(^|[^A-Za-z0-9_$.])` + name + `(=|\s|$)`)
		return slices.ContainsFunc(s.scripts, func(text string) bool {
			return slices.ContainsFunc(strings.Split(text, "\n"), func(l string) bool {
				return set.MatchString(dockerVar.ReplaceAllString(l, ""))
			})
		})
	}
	out := dockerVar.ReplaceAllStringFunc(value, func(ref string) string {
		m := dockerVar.FindStringSubmatch(ref)
		if assigned(m[1]) {
			return ref
		}
		if m[2] != "" {
			return m[2]
		}
		if !slices.Contains(names, m[1]) {
			names = append(names, m[1])
		}
		return ""
	})
	return out, names
}

// argPassed returns, for the Dockerfile df, whether a docker build that ships its
// image may pass the build argument of a name (passed), and the places of those
// builds. When no build of df that keeps an image is read (it is built by hand or by
// a system this audit does not read), when one is a bake or compose build whose
// arguments cannot be read, when a docker build names its Dockerfile with a
// variable, and for an image a GoReleaser dockers entry builds (its
// build_flag_templates), any argument may be passed. A build's argument taken from
// its environment (--build-arg NAME), one whose name is a variable or expression,
// and a word of the command left to a variable ($ARGS) may be the one.
func (b *builds) argPassed(df *dockerfile) (passed func(name string) bool, at []repo.Evidence) {
	mayPass := func(string) bool { return true }
	for _, c := range b.releasers {
		for _, img := range c.images {
			if img.dockerfile == df.path {
				return mayPass, nil
			}
		}
	}
	var kept []dockerCall
	for _, c := range b.calls {
		switch {
		case strings.Contains(c.file, "$"), c.unread != "" && (c.file == df.path || c.file == ""):
			return mayPass, nil
		case c.file == df.path && c.keeps:
			kept = append(kept, c)
			at = append(at, c.at)
		}
	}
	if len(kept) == 0 {
		return mayPass, nil
	}
	return func(name string) bool {
		return slices.ContainsFunc(kept, func(c dockerCall) bool {
			return c.loose || slices.ContainsFunc(c.args, func(a buildArg) bool { return a.name == name || strings.Contains(a.name, "$") })
		})
	}, at
}

// bareWhy says why the names of unset, variables of a go build's -ldflags in
// s.runs[i] that expand to "" there, have no value, when some are ARGs without a
// value (see stage.bare) above the RUN that no docker build of df at builds
// passes; "" when none is. It returns the ARG lines too.
func (s *stage) bareWhy(unset []string, i int, df *dockerfile, builds []repo.Evidence) (string, []repo.Evidence) {
	var args, others []string
	var at []repo.Evidence
	seen := s.runEnvs[i]
	for _, name := range unset {
		if !slices.Contains(seen.bare, name) {
			others = append(others, name)
			continue
		}
		a := seen.envAt[name]
		args = append(args, fmt.Sprintf("ARG %s (%s:%d)", name, a.File, a.Line))
		at = append(at, a)
	}
	if len(args) == 0 {
		return "", nil
	}
	var places []string
	for _, b := range builds {
		places = append(places, fmt.Sprintf("%s:%d", b.File, b.Line))
	}
	them := "it"
	if len(args) > 1 {
		them = "them"
	}
	why := fmt.Sprintf("the build stage declares %s without a default, and no docker build of %s that ships it (%s) passes %s with --build-arg", strings.Join(args, " and "), df.path, strings.Join(places, ", "), them)
	if len(others) > 0 {
		why += "; no ARG or ENV of the build stage sets " + strings.Join(others, ", ")
	}
	return why, append(at, builds...)
}

// runsAsRoot reports whether the image of s runs its process as root: the last USER
// of s or the stages it is built on is none, or names uid 0 (USER 0, 0:0, root,
// root:root, or an ARG that gives one of those).
func (s *stage) runsAsRoot() bool {
	u := s.lastUser()
	if u == nil {
		return true
	}
	uid, _, _ := strings.Cut(u.user, ":")
	return uid == "0" || uid == "root"
}

// userNotFound returns, for an image of s with no files but those its COPY and ADD
// put in (scratch), the name of its USER that the runtime must look up in a file no
// COPY or ADD writes (a user name in /etc/passwd, a group name in /etc/group), and
// that file; "" when the user and group are numeric, left to an ARG, or their file
// may be copied in (the file, /etc or / as a destination). The runtime then cannot
// start the container ("unable to find user appuser: no matching entries in passwd
// file").
func (s *stage) userNotFound() (name, file string) {
	u := s.lastUser()
	if u == nil || strings.Contains(u.user, "$") {
		return "", ""
	}
	user, group, _ := strings.Cut(u.user, ":")
	for _, id := range []struct{ name, file string }{{user, "/etc/passwd"}, {group, "/etc/group"}} {
		if _, err := strconv.Atoi(id.name); err == nil || id.name == "" {
			continue
		}
		copied := s.inherits(func(st *stage) bool {
			return slices.ContainsFunc(st.copied, func(dest string) bool { return dest == "/" || dest == id.file || strings.HasPrefix(id.file, dest+"/") })
		})
		if !copied {
			return id.name, id.file
		}
	}
	return "", ""
}

// lastUser returns s or the stage it is built on whose USER the image runs with,
// or nil when none has one.
func (s *stage) lastUser() *stage {
	for ; s != nil; s = s.parent {
		if s.user != "" {
			return s
		}
	}
	return nil
}

// startCommand is what an ENTRYPOINT, CMD or HEALTHCHECK runs: its arguments, in shell
// or exec form (for a HEALTHCHECK, those after CMD).
type startCommand struct {
	instruction
	args string
}

// commands returns what the image of s runs: its ENTRYPOINT, its CMD when there is
// no ENTRYPOINT (else the CMD is the entrypoint's arguments) and its HEALTHCHECK
// unless that is NONE.
func (s *stage) commands() []startCommand {
	var out []startCommand
	_, hasEntry := s.start("ENTRYPOINT")
	for _, name := range []string{"ENTRYPOINT", "CMD", "HEALTHCHECK"} {
		in, ok := s.start(name)
		if !ok || name == "CMD" && hasEntry {
			continue
		}
		args := in.args
		if name == "HEALTHCHECK" {
			words := strings.Fields(args)
			for len(words) > 0 && strings.HasPrefix(words[0], "--") {
				words = words[1:]
			}
			if len(words) == 0 || !strings.EqualFold(words[0], "CMD") {
				continue // NONE
			}
			args = strings.TrimSpace(strings.TrimPrefix(strings.Join(words, " "), words[0]))
		}
		out = append(out, startCommand{in, args})
	}
	return out
}

// shellArgs returns the CMD of the image of s when Docker hands it, in shell form,
// to an exec-form ENTRYPOINT: the entrypoint then gets /bin/sh, -c and the command
// line as its arguments. A CMD of a stage below the one that sets the ENTRYPOINT
// does not count: setting ENTRYPOINT resets the CMD of the base image.
func (s *stage) shellArgs() (instruction, bool) {
	var cmd *instruction
	for ; s != nil; s = s.parent {
		if in, ok := s.starts["CMD"]; ok && cmd == nil {
			cmd = &in
		}
		if entry, ok := s.starts["ENTRYPOINT"]; ok {
			var exec, args []string
			if cmd == nil || json.Unmarshal([]byte(entry.args), &exec) != nil || len(exec) == 0 ||
				json.Unmarshal([]byte(cmd.args), &args) == nil || strings.TrimSpace(cmd.args) == "" {
				return instruction{}, false
			}
			return *cmd, true
		}
	}
	return instruction{}, false
}

// dockerPath is the PATH Docker gives a container whose image sets none.
const dockerPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// missingProgram returns the program an exec-form command of the image of s runs
// when the image cannot hold it, or "". It is meant for images built on one that
// holds no programs (scratch, distroless static): the program must then be a path
// a COPY or ADD of s or a stage it is built on writes, or lie under a directory
// they write into (whose contents this audit does not know). A name without a
// slash is looked for in the image's PATH, and anything the audit cannot resolve
// (a variable left in a path) counts as held.
func (s *stage) missingProgram(c startCommand) string {
	var exec []string
	if json.Unmarshal([]byte(c.args), &exec) != nil || len(exec) == 0 || exec[0] == "" || strings.Contains(exec[0], "$") {
		return ""
	}
	if s.holdsCopied(exec[0]) {
		return ""
	}
	return exec[0]
}

// holdsCopied reports whether the program prog (a path, or a name looked for in the
// image's PATH) is a path that a COPY or ADD of s or a stage it is built on writes,
// or lies under a directory they write into; a destination left to a variable
// counts as holding it.
func (s *stage) holdsCopied(prog string) bool {
	candidates := s.programPaths(prog)
	for st := s; st != nil; st = st.parent {
		for _, dest := range st.copied {
			if strings.Contains(dest, "$") {
				return true
			}
			for _, c := range candidates {
				if c == dest || strings.HasPrefix(c, strings.TrimSuffix(dest, "/")+"/") && !s.fileAt(dest) {
					return true
				}
			}
		}
	}
	return false
}

// fileAt reports whether the image of s, built on scratch, surely holds a file, not a
// directory, at dest: a COPY of s or of a stage it is built on writes there one
// source that is a file (see copySource.file) without a trailing slash, which Docker
// writes as that file, and nothing makes dest a directory (a copy into it or under
// it, a WORKDIR there or below, a RUN). Nothing then lies under dest.
func (s *stage) fileAt(dest string) bool {
	if s.root().base != "scratch" {
		return false
	}
	file := false
	for st := s; st != nil; st = st.parent {
		if len(st.runs) > 0 || slices.ContainsFunc(st.workdirs, func(w string) bool { _, in := under(w, dest); return in }) ||
			slices.ContainsFunc(st.copied, func(c string) bool { sub, in := under(path.Clean(c), dest); return in && sub != "." }) {
			return false
		}
		for _, c := range st.sources {
			if c.dest != dest {
				continue
			}
			if c.intoDir || !c.file {
				return false
			}
			file = true
		}
	}
	return file
}

// buildsFile reports whether src, a path of the file system of s (from its root),
// is the file that a go build of s, or of a stage it is built on, writes with -o (an
// absolute path without a trailing slash, and no variable).
func (s *stage) buildsFile(src string) bool {
	if strings.ContainsAny(src, "*?[$") {
		return false
	}
	p := path.Clean("/" + src)
	for st := s; st != nil; st = st.parent {
		for _, c := range st.runs {
			g, ok := readGoBuild(c, "Dockerfile")
			if ok && g.output && !g.cmd.is("go", "install") && path.IsAbs(g.outPath) && !strings.HasSuffix(g.outPath, "/") &&
				!strings.ContainsAny(g.outPath, "$`") && path.Clean(g.outPath) == p {
				return true
			}
		}
	}
	return false
}

// programPaths returns the absolute paths where the image of s looks for the
// program prog of an exec-form command: prog itself, relative ones taken from the
// working directory, or, for a name without a slash, the name in each directory of
// the image's PATH.
func (s *stage) programPaths(prog string) []string {
	if strings.Contains(prog, "/") {
		return []string{s.abs(prog)}
	}
	dirs := dockerPath
	if v, ok := s.env["PATH"]; ok {
		dirs = v
	}
	var out []string
	for _, dir := range strings.Split(dirs, ":") {
		out = append(out, path.Join(s.abs(dir), prog))
	}
	return out
}

// entryScript is a script of the repository that an image runs as its process.
type entryScript struct {
	file   string   // the repository's file
	src    []byte   // its content
	interp []string // the words of its #! line (its interpreter and argument), or nil
	// shell is set when the command names a shell that reads the script
	// (["sh", "/entrypoint.sh"]) rather than the script itself.
	shell bool
}

// script returns the script of the repository that c, an exec-form ENTRYPOINT or
// CMD of the image of s (a stage of df), runs: its program, or the script that a
// shell it names as its program reads (["sh", "/entrypoint.sh"]), when a COPY or
// ADD puts the file there from the repository (see repoFile). ok is false when c
// runs no such file.
func (df *dockerfile) script(r *repo.Repo, s *stage, c startCommand) (entryScript, bool) {
	var exec []string
	if json.Unmarshal([]byte(c.args), &exec) != nil || len(exec) == 0 || exec[0] == "" || strings.Contains(exec[0], "$") {
		return entryScript{}, false
	}
	prog, shell := exec[0], false
	if slices.Contains(shells, path.Base(prog)) {
		if len(exec) < 2 || strings.HasPrefix(exec[1], "-") || strings.Contains(exec[1], "$") {
			return entryScript{}, false // sh -c ...: no script file
		}
		prog, shell = exec[1], true
	}
	for _, p := range s.programPaths(prog) {
		if shell && !strings.Contains(prog, "/") {
			p = s.abs(prog) // sh reads a script from its working directory
		}
		file, ok := df.repoFile(r, s, p)
		if !ok {
			continue
		}
		src, _ := r.ReadNamed(file)
		es := entryScript{file: file, src: src, shell: shell}
		first, _, _ := strings.Cut(string(src), "\n")
		if line, ok := strings.CutPrefix(strings.TrimSuffix(first, "\r"), "#!"); ok {
			es.interp = strings.Fields(line)
		}
		return es, true
	}
	return entryScript{}, false
}

// runsCopied reports whether the image of s runs (its ENTRYPOINT, or its CMD
// without one) a program that a COPY or ADD of the image writes, or one this audit
// cannot resolve. An image that runs only what its base image holds (an
// OpenTelemetry Collector or nginx image with its configuration) ships no binary
// of the repository.
func (s *stage) runsCopied() bool {
	for _, c := range s.commands() {
		if c.name == "HEALTHCHECK" {
			continue
		}
		var words []string
		if json.Unmarshal([]byte(c.args), &words) != nil {
			words = strings.Fields(c.args)
			if len(words) > 1 && words[0] == "exec" {
				words = words[1:]
			}
		}
		if len(words) == 0 || words[0] == "" || strings.Contains(words[0], "$") || s.holdsCopied(words[0]) {
			return true
		}
	}
	return false
}

// abs returns path p of the stage's file system, relative ones taken from its
// working directory.
func (s *stage) abs(p string) string {
	if path.IsAbs(p) {
		return path.Clean(p)
	}
	return path.Join(s.workdir, p)
}

// copyDest returns the destination of COPY or ADD arguments (flags, then sources
// and the destination, or the JSON array form), or "" when there is none.
func copyDest(args string) string {
	var list []string
	if json.Unmarshal([]byte(args), &list) != nil {
		list = strings.Fields(args)
	}
	for len(list) > 0 && strings.HasPrefix(list[0], "--") {
		list = list[1:]
	}
	if len(list) < 2 {
		return ""
	}
	return list[len(list)-1]
}

// runsShell reports whether the command args of an ENTRYPOINT, CMD or HEALTHCHECK
// CMD runs a shell: shell form, or a JSON array whose program is a shell.
func runsShell(args string) bool {
	var exec []string
	if json.Unmarshal([]byte(args), &exec) != nil {
		return strings.TrimSpace(args) != "" // shell form
	}
	if len(exec) == 0 {
		return false
	}
	return slices.Contains([]string{"sh", "bash", "ash", "dash", "busybox"}, path.Base(exec[0]))
}

// keyValues reads ENV/ARG arguments: KEY=VALUE pairs, or the legacy "KEY VALUE".
func keyValues(args string) map[string]string {
	out := map[string]string{}
	words := ldflagWords(args)
	if len(words) == 0 {
		return out
	}
	if !strings.Contains(words[0], "=") {
		out[words[0]] = strings.Join(words[1:], " ")
		return out
	}
	for _, w := range words {
		k, v, _ := strings.Cut(w, "=")
		out[k] = v
	}
	return out
}

// inEnv returns s.runs[i], a RUN command of s, with the stage's ENV and ARG values
// its RUN sees (see runEnv) in its environment, under what the command line
// exports or sets itself: a make it runs reads them as environment variables
// (which a Makefile's ?= keeps).
func (s *stage) inEnv(i int) command {
	run := s.runs[i]
	if len(s.runEnvs[i].env) == 0 {
		return run
	}
	run.exports = run.exports.over(s.runEnvs[i].env, nil)
	return run
}

// substitute replaces $VAR, ${VAR} and ${VAR:-default} with values from env; unknown
// variables are kept as written.
func substitute(s string, env map[string]string) string {
	return dockerVar.ReplaceAllStringFunc(s, func(ref string) string {
		m := dockerVar.FindStringSubmatch(ref)
		if v, ok := env[m[1]]; ok && v != "" {
			return v
		}
		if m[2] != "" {
			return m[2]
		}
		return ref
	})
}

// runCommands splits a RUN instruction (shell or exec form) of stage s into
// commands: those of its line and, when its first heredoc is the script the shell
// runs (RUN <<EOF, or RUN <<EOF bash), those of that heredoc read as one script
// (see linesCommands: a bare assignment on a line of its own reaches the lines
// after it, as a cd does), each placed at its
// line. The shell form's references to the stage's ARG and ENV values are replaced,
// as the shell expands them (but those written inside single quotes, which it
// leaves as text). Each command's dir is the directory of the stage it runs in
// (WORKDIR, then cd), in which the caller finds the scripts it sources and carries
// its exports (see markSourced); the build context's directories the instruction's
// bind mounts put there are returned too, and shell, the program that runs the
// heredoc where it is all the RUN runs (see heredoc.shell), "" where the SHELL runs
// the commands.
func runCommands(r *repo.Repo, args string, at repo.Evidence, docs []heredoc, s *stage) (_ []command, _ []contextCopy, shell string) {
	var mounts []contextCopy
	for strings.HasPrefix(args, "--") { // RUN --mount=... --network=...
		flag, rest := cutBlank(args)
		if m, ok := strings.CutPrefix(flag, "--mount="); ok {
			mounts = append(mounts, s.bindMount(substitute(m, s.env))...)
		}
		args = strings.TrimSpace(rest)
	}
	var exec []string
	if strings.HasPrefix(args, "[") && json.Unmarshal([]byte(args), &exec) == nil {
		c, ok := newCommand(exec)
		if !ok {
			return nil, mounts, ""
		}
		c.at, c.dir, c.exec = at, s.workdir, true
		return []command{c}, mounts, ""
	}
	expand := func(text string) string {
		return byQuotes(text, func(part string) string { return substitute(part, s.env) }, func(quoted string) string { return quoted })
	}
	line := expand(heredocMarker.ReplaceAllString(args, "$1"))
	cmds := commandsAt(line, at, s.workdir)
	if len(docs) > 0 && docs[0].script(cmds) { // read as one script, as a CI script is
		lls := logicalLines(strings.Join(docs[0].body, "\n"), "\\")
		for i := range lls {
			lls[i].text = expand(lls[i].text)
		}
		doc, _, _ := linesCommands(context.Background(), lls, func(i int) repo.Evidence { return r.At(at.File, docs[0].line+lls[i].line-1) }, &session{dir: s.workdir}) // a RUN's heredoc: not stopped
		shell = docs[0].shell(cmds)
		cmds = append(cmds, doc...)
	}
	return cmds, mounts, shell
}

// sourcedPlace returns where a RUN of s finds the script it sources as name from
// dir, a directory of the stage (see sourcedMemo.place): the file of the
// repository that the COPY and ADD of s and the stages it is built on put there
// (see repoFile). One they do not is untied where the RUN may still hold it from
// the build: a relative name (a file of the working directory, which an earlier
// RUN may write), or a path a copy from an image or a source through a variable
// may write (see mayCopy); any other is a file of the base image (/etc/os-release),
// none of the repository's.
func (df *dockerfile) sourcedPlace(r *repo.Repo, s *stage) func(dir, name string) (string, bool, bool) {
	return func(dir, name string) (string, bool, bool) {
		p := name
		if !path.IsAbs(p) {
			p = path.Join(dir, p)
		}
		f, by, ok := df.repoFileIn(r, s, path.Clean(p), 0)
		if df.rewritten(s, path.Clean(p), by, 0) {
			return "", true, true
		}
		if ok {
			return f, false, true
		}
		if !path.IsAbs(name) || df.mayCopy(s, p) {
			return "", true, true
		}
		return "", false, false
	}
}

// writtenBy returns the absolute paths that cmds, the commands of a RUN (each in
// its directory of the stage), write: the destination of a cp, mv, install or ln,
// and the file it takes a source to in a directory there (a file, or all under a
// directory, each matching what is under it), the files of a sed -i, perl -pi or
// gawk -i inplace, the file of an output redirection (>, >>, >|, 2>, exec 3>>) or a
// tee, and the file curl -o or -O and wget -O download to. A path through a variable or with a
// pattern is a pattern of the paths it may be (see writes), one that starts with
// a variable any path ending as it does; so is a relative path of a command in a
// directory this audit cannot place (after cd "$HOME"), whose absolute paths
// count as written.
func writtenBy(cmds []command) []string {
	var out []string
	add := func(c command, p string) {
		switch {
		case p == "" || path.IsAbs(p) || strings.HasPrefix(p, "$"):
		case c.unplaced: // in a directory this audit cannot place: any path ending as p does
			p = path.Clean(p)
			for p == ".." || strings.HasPrefix(p, "../") {
				p = strings.TrimPrefix(strings.TrimPrefix(p, ".."), "/")
			}
			p = "$PWD/" + p
		default:
			p = path.Join(c.dir, p)
		}
		if p != "" {
			out = append(out, path.Clean(p))
		}
	}
	for _, c := range cmds {
		for _, f := range outputFiles(c) {
			add(c, f)
		}
		if len(c.words) == 0 {
			continue
		}
		var edited []string
		switch c.words[0] {
		case "sed":
			edited = inPlace(c.words[1:], "ef", sedValue)
		case "perl":
			edited = inPlace(c.words[1:], "eE", perlValue)
		case "awk", "gawk":
			edited = awkInPlace(c.words[1:])
		case "curl":
			edited = curlOutputs(c.words[1:])
		case "wget":
			edited = wgetOutputs(c.words[1:])
		}
		for _, f := range edited {
			add(c, f)
		}
		if len(c.words) < 3 || !slices.Contains([]string{"cp", "mv", "install", "ln"}, c.words[0]) {
			continue
		}
		var args []string
		recursive := c.words[0] == "mv" // a directory moved onto a name that is none becomes it
		for _, w := range c.words[1:] {
			switch {
			case !strings.HasPrefix(w, "-"):
				args = append(args, w)
			case c.words[0] == "cp" && (w == "--recursive" || w == "--archive" || !strings.HasPrefix(w, "--") && strings.ContainsAny(w, "rRa")):
				recursive = true
			}
		}
		if len(args) < 2 {
			continue
		}
		dest := args[len(args)-1]
		if (recursive || !strings.HasSuffix(dest, "/")) && path.Join(c.dir, dest) != path.Clean(c.dir) {
			add(c, dest) // not a directory there (cp a.env .), or one cp -r dir/ new/ makes: all under it would count
		}
		for _, src := range args[:len(args)-1] {
			add(c, path.Join(dest, path.Base(src)))
		}
	}
	return out
}

// outputFiles returns the files that c writes through its output redirections,
// as written: >, >>, >| or 2> of the command, the 3>> of an exec (whose words start
// with it), and the files a tee names.
func outputFiles(c command) []string {
	var out []string
	for i := 0; i < len(c.words); i++ {
		target, _, ok := redirection(c.words[i])
		if !ok && c.is("tee") && i > 0 && !strings.HasPrefix(c.words[i], "-") {
			target, ok = c.words[i], true
		}
		if ok && target == "" && i+1 < len(c.words) {
			i++
			target = c.words[i]
		}
		if ok && target != "" && !strings.HasPrefix(target, "&") {
			out = append(out, target) // not >&3, a descriptor
		}
	}
	return out
}

// perlValue returns how much of rest, what follows perl's option letter opt in a
// word, is that option's value (perlrun), so that no -i in it edits in place, and
// whether the next word is its value: -0 takes up to three more octal digits
// (-0777) or, from an x on, the rest (-0x1F, or -0 -xDIR), -l up to three octal
// digits (four after a 0: -l012), -d a :MOD or =MOD, and -M, -m, -I, -F, -x, -C and
// -D the rest (-Mstrict, -I./lib, -F:, -C7); -I with nothing after it takes the next
// word (-I lib). Any other letter takes nothing: -0pi is -0 -p -i, -lpi is -l -p -i.
func perlValue(opt byte, rest string) (n int, next bool) {
	switch opt {
	case '0':
		if strings.HasPrefix(rest, "x") {
			return len(rest), false
		}
		return octalDigits(rest, 3), false
	case 'l':
		if strings.HasPrefix(rest, "0") {
			return octalDigits(rest, 4), false
		}
		return octalDigits(rest, 3), false
	case 'd':
		if strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "=") {
			return len(rest), false
		}
	case 'I':
		return len(rest), rest == ""
	case 'M', 'm', 'F', 'x', 'C', 'D':
		return len(rest), false
	}
	return 0, false
}

// sedValue is perlValue for GNU sed: -l takes the rest of its word as its value
// (-l80), or the next word (-l 80).
func sedValue(opt byte, rest string) (n int, next bool) {
	if opt == 'l' {
		return len(rest), rest == ""
	}
	return 0, false
}

// octalDigits returns how many of the first most bytes of s are octal digits in a row.
func octalDigits(s string, most int) int {
	n := 0
	for n < len(s) && n < most && s[n] >= '0' && s[n] <= '7' {
		n++
	}
	return n
}

// inPlace returns the files that sed or perl with the arguments args edits in place
// (-i, -i.bak, -Ei, -pi, -0pi, sed's --in-place): the words after its script, which
// is the first word that is no option unless an -e or -f option (sed's --expression
// and --file) gives it; none without -i. script are the letters of the options that
// give it (sed's -e and -f, perl's -e and -E); a word of options is read letter by
// letter, the rest of it after -i being its suffix, after a script letter the script,
// and value telling how much of it another letter's value takes, or that the next
// word is that value (see perlValue, sedValue); sed's --line-length takes the next
// word too.
func inPlace(args []string, script string, value func(opt byte, rest string) (n int, next bool)) []string {
	inPlace, given, next := false, false, false
	var words []string
	for k, w := range args {
		switch {
		case next:
			next = false
		case w == "--":
			words = append(words, args[k+1:]...)
			return inPlaceFiles(inPlace, given, words)
		case strings.HasPrefix(w, "--in-place"):
			inPlace = true
		case w == "--expression" || w == "--file":
			given, next = true, true
		case w == "--line-length":
			next = true
		case strings.HasPrefix(w, "--expression=") || strings.HasPrefix(w, "--file="):
			given = true
		case strings.HasPrefix(w, "--"):
		case strings.HasPrefix(w, "-") && len(w) > 1:
		letters:
			for j := 1; j < len(w); j++ {
				switch c := w[j]; {
				case c == 'i':
					inPlace = true // what follows -i is its suffix
					break letters
				case strings.IndexByte(script, c) >= 0:
					given, next = true, j == len(w)-1 // -e SCRIPT, not -e'SCRIPT'
					break letters
				default:
					n, nextWord := value(c, w[j+1:])
					j += n
					next = next || nextWord
				}
			}
		default:
			words = append(words, w)
		}
	}
	return inPlaceFiles(inPlace, given, words)
}

// inPlaceFiles returns the files of words, the words of an in-place edit that are
// no options, its script first unless an option gave it (given).
func inPlaceFiles(inPlace, given bool, words []string) []string {
	if !inPlace {
		return nil
	}
	if !given && len(words) > 0 {
		words = words[1:] // the script
	}
	return words
}

// awkInPlace returns the files that gawk with the arguments args edits in place,
// loading its inplace extension (-i inplace, -iinplace, --include=inplace): the
// words after its program (the first word that is no option unless -f gives it),
// but for the VAR=value assignments among them; none without the extension.
func awkInPlace(args []string) []string {
	inPlace, given := false, false
	var words []string
	for k := 0; k < len(args); k++ {
		w := args[k]
		value := func() string { // the option's value: the rest of the word, or the next
			if name, v, ok := strings.Cut(w, "="); ok && strings.HasPrefix(name, "--") {
				return v
			}
			if !strings.HasPrefix(w, "--") && len(w) > 2 {
				return w[2:]
			}
			if k+1 < len(args) {
				k++
				return args[k]
			}
			return ""
		}
		switch {
		case w == "--":
			words = append(words, args[k+1:]...)
			k = len(args)
		case strings.HasPrefix(w, "-i") || strings.HasPrefix(w, "--include"):
			if v := value(); v == "inplace" || v == "inplace.awk" {
				inPlace = true
			}
		case strings.HasPrefix(w, "-f") || strings.HasPrefix(w, "--file"):
			given = true
			value()
		case strings.HasPrefix(w, "-v") || strings.HasPrefix(w, "-F") || strings.HasPrefix(w, "--assign") || strings.HasPrefix(w, "--field-separator"):
			value()
		case strings.HasPrefix(w, "-") && len(w) > 1:
		default:
			words = append(words, w)
		}
	}
	files := inPlaceFiles(inPlace, given, words)
	return slices.DeleteFunc(files, func(f string) bool { k, _, ok := strings.Cut(f, "="); return ok && isEnvName(k) })
}

// curlOutputs returns the files that curl with the arguments args writes: that of
// -o FILE (--output, -oFILE, the last letter of -fsSLo FILE), and, for -O
// (--remote-name, --remote-name-all), the last part of each URL's path.
func curlOutputs(args []string) []string {
	var out, urls []string
	remote := false
	const valued = "ABCDEFHKPQTUXYbcdehmrtuwxyz" // letters of the options that take a value
	for k := 0; k < len(args); k++ {
		w := args[k]
		switch {
		case w == "--output" && k+1 < len(args):
			k++
			out = append(out, args[k])
		case strings.HasPrefix(w, "--output="):
			out = append(out, strings.TrimPrefix(w, "--output="))
		case w == "--remote-name" || w == "--remote-name-all":
			remote = true
		case strings.HasPrefix(w, "--"):
		case strings.HasPrefix(w, "-") && len(w) > 1:
			for i := 1; i < len(w); i++ {
				switch ch := w[i]; {
				case ch == 'O':
					remote = true
					continue
				case ch != 'o' && strings.IndexByte(valued, ch) < 0:
					continue
				}
				value := w[i+1:]
				if value == "" && k+1 < len(args) {
					k++
					value = args[k]
				}
				if w[i] == 'o' {
					out = append(out, value)
				}
				break
			}
		default:
			urls = append(urls, w)
		}
	}
	for _, u := range urls {
		if remote {
			u, _, _ = strings.Cut(u, "?")
			if b := path.Base(u); b != "." && b != "/" && !strings.HasSuffix(u, "/") {
				out = append(out, b)
			}
		}
	}
	return slices.DeleteFunc(out, func(f string) bool { return f == "-" })
}

// wgetOutputs returns the file that wget with the arguments args writes with -O
// FILE (--output-document, -qO FILE); without it wget writes the URL's last part
// under another name where that file is there (env.sh.1), not over it.
func wgetOutputs(args []string) []string {
	var out []string
	for k := 0; k < len(args); k++ {
		w := args[k]
		switch {
		case w == "--output-document" && k+1 < len(args):
			k++
			out = append(out, args[k])
		case strings.HasPrefix(w, "--output-document="):
			out = append(out, strings.TrimPrefix(w, "--output-document="))
		case strings.HasPrefix(w, "-") && !strings.HasPrefix(w, "--") && strings.Contains(w, "O"):
			value := w[strings.IndexByte(w, 'O')+1:]
			if value == "" && k+1 < len(args) {
				k++
				value = args[k]
			}
			out = append(out, value)
		}
	}
	return slices.DeleteFunc(out, func(f string) bool { return f == "-" })
}

// rewritten reports whether a RUN of s, or of a stage it is built on, writes p, an
// absolute path of its file system, or one a COPY --from of a stage puts at p
// (see writtenBy), after the copy by that puts p there (see repoFileIn; none for
// a zero by): the file there is not the one a COPY put there.
func (df *dockerfile) rewritten(s *stage, p string, by copyAt, hops int) bool {
	for st := s; st != nil; st = st.parent {
		if slices.ContainsFunc(st.written, func(w writtenPath) bool { return (st != by.st || w.after > by.i) && writes(w.path, p) }) {
			return true
		}
		for i, c := range st.sources {
			if st == by.st && i < by.i {
				continue // what the copy by writes over
			}
			from := df.stage(c.from)
			if from == nil || from.index >= st.index || hops >= maxCopyHops {
				continue
			}
			sub, in := under(p, c.dest)
			if !in {
				continue
			}
			src := path.Join("/", c.src)
			if (sub != "." || c.intoDir) && df.rewritten(from, path.Join(src, sub), copyAt{}, hops+1) {
				return true
			}
			if sub == "." && !c.intoDir && df.rewritten(from, src, copyAt{}, hops+1) {
				return true
			}
			if !strings.Contains(sub, "/") && sub != "." && df.rewritten(from, path.Join(path.Dir(src), sub), copyAt{}, hops+1) {
				return true // a file into a directory of the image
			}
		}
		if st == by.st {
			break // the stages it is built on come before the copy
		}
	}
	return false
}

// mayCopy reports whether a COPY or ADD of s or of the stages it is built on may
// write p, an absolute path of its file system, from something this audit cannot
// list: an image that is no stage of df, or a source or stage named through a
// variable.
func (df *dockerfile) mayCopy(s *stage, p string) bool {
	for st := s; st != nil; st = st.parent {
		for _, c := range st.sources {
			if _, in := under(p, c.dest); !in {
				continue
			}
			if strings.Contains(c.from+c.src, "$") || c.from != "" && df.stage(c.from) == nil {
				return true
			}
		}
	}
	return false
}

// bindMount returns the directory of the build context that a RUN --mount value
// binds into s: a bind mount (the default type) without from=, whose source is the
// context's root unless it says otherwise.
func (s *stage) bindMount(value string) []contextCopy {
	opts := map[string]string{"type": "bind", "source": "."}
	for _, kv := range strings.Split(value, ",") {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "src":
			k = "source"
		case "dst", "destination":
			k = "target"
		}
		opts[k] = v
	}
	_, from := opts["from"]
	if opts["type"] != "bind" || from || opts["target"] == "" || !contextDir(opts["source"]) {
		return nil
	}
	return []contextCopy{{src: path.Clean(opts["source"]), dest: s.abs(opts["target"])}}
}

// copySources returns the sources of a COPY or ADD of s with args (variables
// replaced); a URL, a heredoc, and a source with --parents (which keeps its
// directories under the destination) are left out.
func (s *stage) copySources(args string) []copySource {
	from := copyFrom(args)
	rest := strings.TrimSpace(args)
	for strings.HasPrefix(rest, "--") {
		flag, after := cutBlank(rest)
		if strings.HasPrefix(flag, "--parents") && flag != "--parents=false" {
			return nil
		}
		rest = strings.TrimSpace(after)
	}
	list := strings.Fields(rest)
	if strings.HasPrefix(rest, "[") && json.Unmarshal([]byte(rest), &list) != nil {
		return nil // a JSON array that does not parse
	}
	if len(list) < 2 {
		return nil
	}
	raw := list[len(list)-1]
	dest := s.abs(raw)
	into := strings.HasSuffix(raw, "/") || len(list) > 2
	var out []copySource
	for _, src := range list[:len(list)-1] {
		if strings.Contains(src, "://") || strings.HasPrefix(src, "git@") {
			s.remoteSource = true
			continue
		}
		if strings.HasPrefix(src, "<<") {
			continue
		}
		out = append(out, copySource{from: from, src: src, dest: dest, intoDir: into})
	}
	return out
}

// maxCopyHops bounds how many COPY --from hops repoFile follows.
const maxCopyHops = 8

// repoFile returns the file of the repository that the image of s holds at p, an
// absolute path of its file system: the latest COPY or ADD of s, or of the stages
// it is built on, that writes p copies it from a build context of df, or from a
// stage of df that holds it in turn. ok is false when no copy read writes p, or
// when the one that does copies it from something this audit cannot read (an
// image, a variable, a file not in the repository).
func (df *dockerfile) repoFile(r *repo.Repo, s *stage, p string) (string, bool) {
	f, _, ok := df.repoFileIn(r, s, path.Clean(p), 0)
	return f, ok
}

// copyAt is the COPY or ADD of a stage that is its i-th source (see
// stage.sources); none for a nil st.
type copyAt struct {
	st *stage
	i  int
}

// repoFileIn is repoFile, hops COPY --from deep, with the copy of s or of the stages
// it is built on that puts the file at p (by).
func (df *dockerfile) repoFileIn(r *repo.Repo, s *stage, p string, hops int) (_ string, by copyAt, _ bool) {
	for st := s; st != nil; st = st.parent {
		for i := len(st.sources) - 1; i >= 0; i-- {
			c := st.sources[i]
			var rel []string // the paths of the source p may be, relative to the source's root
			src := path.Clean(strings.TrimPrefix(c.src, "/"))
			if c.from == "" {
				src = path.Clean(c.src)
			}
			if !c.intoDir && p == c.dest {
				rel = append(rel, src)
			}
			if sub, in := under(p, c.dest); in && sub != "." {
				if strings.ContainsAny(src, "*?[") {
					if !strings.Contains(sub, "/") {
						if name := path.Join(path.Dir(src), sub); matches(src, name) {
							rel = append(rel, name)
						}
					}
				} else {
					if !strings.Contains(sub, "/") && sub == path.Base(src) {
						rel = append(rel, src) // a file into a directory of the image
					}
					rel = append(rel, path.Join(src, sub))
				}
			}
			if len(rel) == 0 {
				continue
			}
			if strings.Contains(c.from+c.src, "$") {
				return "", copyAt{}, false
			}
			for _, x := range rel {
				if c.from != "" {
					from := df.stage(c.from)
					if from == nil || from.index >= st.index || hops >= maxCopyHops {
						return "", copyAt{}, false
					}
					if f, _, ok := df.repoFileIn(r, from, path.Join("/", x), hops+1); ok {
						return f, copyAt{st, i}, true
					}
					continue
				}
				if x == ".." || strings.HasPrefix(x, "../") || path.IsAbs(x) {
					continue
				}
				for _, ctx := range df.contexts {
					if f := path.Join(ctx, x); f != ".." && !strings.HasPrefix(f, "../") {
						if _, ok := r.ReadNamed(f); ok {
							return f, copyAt{st, i}, true
						}
					}
				}
			}
			return "", copyAt{}, false // the latest copy that writes p: the file is not found where it copies from
		}
	}
	return "", copyAt{}, false
}

// matches reports whether name matches the COPY source pattern, false for a
// malformed one.
func matches(pattern, name string) bool {
	ok, err := path.Match(pattern, name)
	return ok && err == nil
}

// copyFrom returns the stage or image that a COPY or ADD with args (variables
// replaced) copies from (--from), or "".
func copyFrom(args string) string {
	fields := strings.Fields(args)
	for i := 0; i < len(fields) && strings.HasPrefix(fields[i], "--"); i++ {
		if v, ok := strings.CutPrefix(fields[i], "--from="); ok {
			return v
		}
	}
	return ""
}

// runMounts returns the values of the --mount flags of RUN arguments args, the
// flags before the command: "type=cache,target=/root/.cache" for
// --mount=type=cache,target=/root/.cache.
func runMounts(args string) []string {
	var out []string
	for _, f := range strings.Fields(args) {
		m, ok := strings.CutPrefix(f, "--mount=")
		if !ok {
			if !strings.HasPrefix(f, "--") {
				break
			}
			continue
		}
		out = append(out, m)
	}
	return out
}

// mountsFrom returns the stages or images that the --mount flags of RUN arguments
// args (variables replaced) read (from=).
func mountsFrom(args string) []string {
	var out []string
	for _, m := range runMounts(args) {
		for _, kv := range strings.Split(m, ",") {
			if v, ok := strings.CutPrefix(kv, "from="); ok && v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// contextCopies returns the directories of the build context that a COPY or ADD
// with args (variables replaced) writes into s. A copy from another stage or image
// (--from), a URL, a heredoc, a pattern and a source that names a file (one with an
// extension: go.mod, main.go) write none. A directory's contents go into the
// destination, or, with --parents, the directory itself.
func (s *stage) contextCopies(args string) []contextCopy {
	var list []string
	if json.Unmarshal([]byte(args), &list) != nil {
		list = strings.Fields(args)
	}
	parents := false
	for len(list) > 0 && strings.HasPrefix(list[0], "--") {
		if strings.HasPrefix(list[0], "--from") {
			return nil
		}
		parents = parents || list[0] == "--parents" || list[0] == "--parents=true"
		list = list[1:]
	}
	if len(list) < 2 {
		return nil
	}
	dest := s.abs(list[len(list)-1])
	var out []contextCopy
	for _, src := range list[:len(list)-1] {
		if !contextDir(src) {
			continue
		}
		src = path.Clean(src)
		d := dest
		if parents {
			d = path.Join(dest, src)
		}
		out = append(out, contextCopy{src: src, dest: d})
	}
	return out
}

// contextDir reports whether src, a source of a COPY, ADD or bind mount, may name a
// directory of the build context: a relative path with no variable, pattern or
// URL, whose last element has no extension.
func contextDir(src string) bool {
	if src == "" || path.IsAbs(src) || strings.ContainsAny(src, "$*?[<@") || strings.Contains(src, "://") || strings.HasPrefix(path.Clean(src), "..") {
		return false
	}
	base := path.Base(path.Clean(src))
	return base == "." || path.Ext(base) == ""
}

// place sets where c, a command of a RUN of s whose dir is a directory of the stage,
// runs in the repository: the directory of the build context that the mounts of its
// RUN, or the latest COPY or ADD of s and the stages it is built on, put there,
// joined to each context (see parseDockerfile). A directory above the copies counts
// when a copy keeps the context's layout under it (COPY cmd/ cmd/).
func (s *stage) place(c *command, mounts []contextCopy, contexts []string) {
	copies := slices.Clone(mounts)
	for st := s; st != nil; st = st.parent {
		for i := len(st.fromContext) - 1; i >= 0; i-- {
			copies = append(copies, st.fromContext[i])
		}
	}
	rel, ok := "", false
	for _, cp := range copies {
		if sub, in := under(c.dir, cp.dest); in {
			rel, ok = path.Join(cp.src, sub), true
			break
		}
	}
	for i := 0; !ok && i < len(copies); i++ {
		cp := copies[i]
		if top, layout := strings.CutSuffix(cp.dest, "/"+cp.src); layout && cp.src != "." {
			if top == "" {
				top = "/"
			}
			rel, ok = under(c.dir, top)
		}
	}
	c.dir = path.Dir(c.at.File)
	if !ok || len(contexts) == 0 {
		c.unplaced = true
		return
	}
	c.dir = path.Join(contexts[0], rel)
	for _, ctx := range contexts[1:] {
		c.alsoIn = append(c.alsoIn, path.Join(ctx, rel))
	}
}

// under returns p, an absolute path, relative to dir, and whether it lies in dir.
// writes reports whether w, a path a RUN writes (see writtenBy), writes p, an
// absolute path: p is w or under it, with each variable of w ($F, ${F}, $(cmd)) as
// any text and its patterns (*, ?, [...]) as they match a name.
func writes(w, p string) bool {
	if !strings.ContainsAny(w, "$*?[") {
		_, in := under(p, w)
		return in
	}
	var re strings.Builder
	re.WriteString("^")
	for i := 0; i < len(w); i++ {
		switch w[i] {
		case '$':
			re.WriteString(".*")
			switch rest := w[i+1:]; {
			case strings.HasPrefix(rest, "{"), strings.HasPrefix(rest, "("):
				end := strings.IndexByte(rest, map[byte]byte{'{': '}', '(': ')'}[rest[0]])
				if end < 0 {
					end = len(rest) - 1
				}
				i += end + 1
			default:
				for i+1 < len(w) && (w[i+1] == '_' || unicode.IsLetter(rune(w[i+1])) || unicode.IsDigit(rune(w[i+1]))) {
					i++
				}
			}
		case '*':
			re.WriteString("[^/]*")
		case '?':
			re.WriteString("[^/]")
		case '[':
			end := strings.IndexByte(w[i:], ']')
			if end < 0 {
				re.WriteString(`\[`)
				continue
			}
			class := w[i+1 : i+end]
			if rest, ok := strings.CutPrefix(class, "!"); ok {
				class = "^" + rest
			}
			re.WriteString("[" + strings.ReplaceAll(class, `\`, `\\`) + "]")
			i += end
		default:
			re.WriteString(regexp.QuoteMeta(w[i : i+1]))
		}
	}
	re.WriteString("(/.*)?$")
	m, err := regexp.Compile(re.String())
	return err != nil || m.MatchString(p) // a pattern this audit cannot read may write anything
}

func under(p, dir string) (string, bool) {
	switch {
	case p == dir:
		return ".", true
	case dir == "/":
		return strings.TrimPrefix(p, "/"), true
	case strings.HasPrefix(p, dir+"/"):
		return p[len(dir)+1:], true
	}
	return "", false
}

// heredoc is a here-document of a RUN, COPY or ADD instruction.
type heredoc struct {
	body []string // its lines, leading tabs stripped for <<-
	line int      // the line of the first
}

// heredocMarker matches <<WORD, <<-WORD, <<"WORD" and <<'WORD', not <<<.
var heredocMarker = regexp.MustCompile(`(^|[^<])<<(-?)(?:"([^"\s]+)"|'([^'\s]+)'|([A-Za-z0-9_.\-/]+))`)

// heredocs reads the here-documents that args opens from raw, the lines of the
// Dockerfile, the first starting at line from (1-based); it returns them with the
// line after the last one's terminator.
func heredocs(raw []string, args string, from int) ([]heredoc, int) {
	var out []heredoc
	for _, m := range heredocMarker.FindAllStringSubmatch(args, -1) {
		dash, word := m[2] == "-", m[3]+m[4]+m[5]
		doc := heredoc{line: from}
		i := from - 1
		for ; i < len(raw); i++ {
			text := strings.TrimSuffix(raw[i], "\r")
			if dash {
				text = strings.TrimLeft(text, "\t")
			}
			if text == word {
				break
			}
			doc.body = append(doc.body, text)
		}
		out = append(out, doc)
		from = i + 2
	}
	return out, from
}

// shells are the programs that read a script from their standard input.
var shells = []string{"sh", "bash", "ash", "dash", "zsh", "ksh"}

// script reports whether a RUN heredoc is a shell script, given the commands of its
// instruction's line: the line runs nothing else, or a shell reading it; and the
// heredoc does not start with a #! line naming another interpreter.
func (d heredoc) script(line []command) bool {
	if len(line) > 0 && !slices.Contains(shells, path.Base(line[0].words[0])) {
		return false
	}
	interp, ok := d.interpreter()
	return !ok || slices.Contains(shells, interp)
}

// interpreter returns the base name of the program that the #! line d starts with
// names, past an env that runs it (#!/usr/bin/env bash: bash); ok is false for a
// heredoc without one.
func (d heredoc) interpreter() (name string, ok bool) {
	if len(d.body) == 0 || !strings.HasPrefix(d.body[0], "#!") {
		return "", false
	}
	interp := strings.Fields(strings.TrimPrefix(d.body[0], "#!"))
	if len(interp) > 1 && path.Base(interp[0]) == "env" {
		interp = interp[1:]
	}
	if len(interp) == 0 {
		return "", true
	}
	return path.Base(interp[0]), true
}

// shell returns the program that runs d, a RUN's first heredoc that is a shell
// script (see script), given the commands of its instruction's line, where the RUN
// runs nothing else: the shell the line names, which reads it from its standard
// input (RUN <<EOF bash), or, for a line of the heredoc alone, the interpreter its
// #! line names (BuildKit writes such a heredoc to a file, which the SHELL runs as
// a program); "" where the RUN's SHELL runs it.
func (d heredoc) shell(line []command) string {
	switch len(line) {
	case 0:
		interp, _ := d.interpreter()
		return interp
	case 1:
		return path.Base(line[0].words[0])
	}
	return ""
}

// signalNumbers names the signals by their number on Linux, as STOPSIGNAL and a
// conversion in the code (syscall.Signal(15)) may give them.
var signalNumbers = map[string]string{
	"1": "SIGHUP", "2": "SIGINT", "3": "SIGQUIT", "6": "SIGABRT", "9": "SIGKILL",
	"10": "SIGUSR1", "12": "SIGUSR2", "15": "SIGTERM", "28": "SIGWINCH",
}

// stopSignal returns the STOPSIGNAL of the image of s (its own, or that of the
// stage it is built on), which docker stop, and Kubernetes through containerd or
// CRI-O, send to stop the container: its name (SIGQUIT for QUIT or 3), or "" when
// it cannot be read (a build argument, an unknown number); ok is false when the
// image sets none.
func (s *stage) stopSignal() (sig string, in instruction, ok bool) {
	in, ok = s.start("STOPSIGNAL")
	if !ok {
		return "", in, false
	}
	v := strings.ToUpper(strings.TrimSpace(in.args))
	switch {
	case strings.Contains(v, "$") || v == "":
		return "", in, true
	case signalNumbers[v] != "":
		return signalNumbers[v], in, true
	case strings.Trim(v, "0123456789") == "":
		return "", in, true
	case !strings.HasPrefix(v, "SIG"):
		v = "SIG" + v
	}
	return v, in, true
}

// noVCSTree reports whether the tree a go build of stage s runs in surely holds no
// .git, so that the go command stamps no VCS data (as with -buildvcs=false): no
// build context of df holds the repository's .git (its ignore file leaves it out,
// or the context is a directory below the root), or the COPY and ADD instructions
// of s, of the stages it is built on and of those it copies from, copy only paths
// of the context that cannot hold it (cmd, go.mod), and none of them runs git, adds
// a Git repository or a URL, or mounts the context in a RUN. why says which,
// for the message. A context this audit cannot place (a variable, one outside the
// repository, none read) holds what it may.
func (df *dockerfile) noVCSTree(r *repo.Repo, s *stage) (why string, ok bool) {
	if len(df.contexts) == 0 {
		return "", false
	}
	inContext, ignoredBy := false, ""
	for _, ctx := range df.contexts {
		switch {
		case ctx == ".." || strings.HasPrefix(ctx, "../") || path.IsAbs(ctx) || strings.Contains(ctx, "$"):
			return "", false
		case ctx != ".": // the .git of the repository is at its root, above this context
		default:
			if ignored, file := dockerIgnored(r, df.path, ctx, ".git"); ignored {
				ignoredBy = file
				continue
			}
			inContext = true
		}
	}
	seen := map[*stage]bool{}
	var free func(st *stage) bool
	free = func(st *stage) bool {
		for cur := st; cur != nil; cur = cur.parent {
			if seen[cur] {
				continue
			}
			seen[cur] = true
			if cur.remoteSource || slices.ContainsFunc(cur.runs, func(c command) bool { return len(c.words) > 0 && c.words[0] == "git" }) ||
				slices.ContainsFunc(cur.scripts, bindsContext) {
				return false
			}
			for _, src := range cur.sources {
				switch from := df.stage(src.from); {
				case src.from == "":
					if inContext && mayHoldGit(src.src) {
						return false
					}
				case from != nil:
					if !free(from) {
						return false
					}
				case mayHoldGit(src.src): // from an image: its root, or a .git of it
					return false
				}
			}
		}
		return true
	}
	if !free(s) {
		return "", false
	}
	switch {
	case inContext:
		return "its stage holds no .git (its COPY and ADD copy none from the build context)", true
	case ignoredBy != "":
		return "its stage holds no .git (" + ignoredBy + " leaves it out of the build context)", true
	}
	return "its stage holds no .git (the build context, below the root of the repository, holds none)", true
}

// mayHoldGit reports whether src, a source of a COPY or ADD, may copy a .git
// directory: the root, .git itself, a pattern or a variable at its top.
func mayHoldGit(src string) bool {
	p := path.Clean(strings.TrimPrefix(src, "/"))
	top, _, _ := strings.Cut(p, "/")
	return p == "." || top == ".git" || strings.ContainsAny(top, "*?[$")
}

// bindsContext reports whether script, the text of a RUN instruction, mounts a
// build context or stage with --mount of type bind (the default type).
func bindsContext(script string) bool {
	for _, m := range runMounts(script) {
		bind := true
		for _, kv := range strings.Split(m, ",") {
			if t, ok := strings.CutPrefix(kv, "type="); ok {
				bind = t == "bind"
			}
		}
		if bind {
			return true
		}
	}
	return false
}
