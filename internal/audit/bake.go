package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// bakeFiles are the files docker buildx bake reads when none is named, in the order
// it merges them.
var bakeFiles = []string{"compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml", "docker-bake.json", "docker-bake.hcl", "docker-bake.override.json", "docker-bake.override.hcl"}

// composeFiles are the files docker compose looks for when none is named: it reads
// the first it finds, with the override file beside it.
var composeFiles = []string{"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"}

// imageTarget is what a bake target or a compose service builds: the Dockerfile
// (context and dockerfile, the context a path from the root), the stage, the build
// arguments and whether the image is kept. unread says why a part of it cannot be
// told, and fileUnknown is set when that part is the Dockerfile.
type imageTarget struct {
	context, dockerfile, target string
	set                         []string // the attributes its file sets: context, dockerfile, target
	args                        []buildArg
	keeps                       bool
	profiles                    []string // compose: the profiles that build it, none for every one
	unread                      string
	fileUnknown                 bool
	// argsUnread is set when unread is only about the build arguments: the
	// Dockerfile and stage are known.
	argsUnread bool
}

// buildDefs are the targets and groups of bake or compose files; unread says why
// a file cannot be read at all.
type buildDefs struct {
	targets map[string]*imageTarget
	groups  map[string][]string
	unread  string
}

// merge adds the definitions of o, read after d's, as bake merges files: the
// attributes o sets replace d's, its build arguments replace those of their name.
func (d *buildDefs) merge(o *buildDefs) {
	if d.unread == "" {
		d.unread = o.unread
	}
	maps.Copy(d.groups, o.groups)
	for name, t := range o.targets {
		e, ok := d.targets[name]
		if !ok {
			d.targets[name] = t
			continue
		}
		for _, attr := range t.set {
			switch attr {
			case "context":
				e.context = t.context
			case "dockerfile":
				e.dockerfile = t.dockerfile
			case "target":
				e.target = t.target
			}
			if !slices.Contains(e.set, attr) {
				e.set = append(e.set, attr)
			}
		}
		for _, a := range t.args {
			e.args = setArg(e.args, a)
		}
		e.keeps = e.keeps || t.keeps
		e.fileUnknown = e.fileUnknown || t.fileUnknown
		switch {
		case e.unread == "":
			e.unread, e.argsUnread = t.unread, t.argsUnread
		case t.unread != "":
			e.argsUnread = e.argsUnread && t.argsUnread
		}
	}
}

// setArg returns args with a replacing the argument of its name, or added.
func setArg(args []buildArg, a buildArg) []buildArg {
	if i := slices.IndexFunc(args, func(b buildArg) bool { return b.name == a.name }); i >= 0 {
		args = slices.Clone(args)
		args[i] = a
		return args
	}
	return append(args, a)
}

// file returns the Dockerfile t builds, or "" when it cannot be told.
func (t *imageTarget) file() string {
	if t.fileUnknown {
		return ""
	}
	df := t.dockerfile
	if df == "" {
		df = "Dockerfile"
	}
	return path.Join(t.context, df)
}

// repoContext returns the target's build context as a directory of the repository,
// or "" when it is none (outside it, or left to an expression).
func (t *imageTarget) repoContext() string {
	if t.context == ".." || strings.HasPrefix(t.context, "../") || path.IsAbs(t.context) || remoteContext(t.context) || strings.Contains(t.context, "$") {
		return ""
	}
	return t.context
}

// remoteContext reports whether a build context is no directory of the repository:
// a URL, a git address or another target.
func remoteContext(s string) bool {
	return strings.Contains(s, "://") || strings.HasPrefix(s, "git@") || strings.HasPrefix(s, "target:") || path.IsAbs(s)
}

// bakeTarget reads the attributes of a bake target named name from file, its
// relative context taken from dir.
func bakeTarget(file, name string, attrs map[string]hclValue, dir string) *imageTarget {
	t := &imageTarget{context: dir}
	unread := func(why string) {
		t.argsUnread = false
		if t.unread == "" {
			t.unread = fmt.Sprintf("%s: target %q %s", file, name, why)
		}
	}
	for _, key := range slices.Sorted(maps.Keys(attrs)) {
		v := attrs[key]
		switch key {
		case "context", "dockerfile", "target":
			if !v.isStr || key == "context" && remoteContext(v.str) {
				unread(fmt.Sprintf("sets %s to an expression or a context outside the repository%s", key, v.at()))
				t.fileUnknown = t.fileUnknown || key != "target"
				continue
			}
			t.set = append(t.set, key)
			switch key {
			case "context":
				t.context = path.Join(dir, v.str)
			case "dockerfile":
				t.dockerfile = v.str
			default:
				t.target = v.str
			}
		case "args":
			if !v.isObj || v.opaque {
				only := t.unread == ""
				unread("sets args to an expression" + v.at())
				t.argsUnread = only
				continue
			}
			for _, k := range slices.Sorted(maps.Keys(v.fields)) {
				if f := v.fields[k]; !f.null {
					t.args = append(t.args, buildArg{name: k, value: f.str, known: f.isStr})
				}
			}
		case "inherits", "matrix", "dockerfile-inline", "contexts":
			unread(fmt.Sprintf("sets %s%s, which this audit does not read", key, v.at()))
			t.fileUnknown = t.fileUnknown || key != "contexts"
		case "tags", "output":
			t.keeps = t.keeps || !v.null
		}
	}
	return t
}

// readBakeHCL reads a bake file in HCL: its target and group blocks, the relative
// contexts taken from dir.
func readBakeHCL(file string, src []byte, dir string) *buildDefs {
	d := &buildDefs{targets: map[string]*imageTarget{}, groups: map[string][]string{}}
	blocks, err := parseHCL(string(src))
	if err != nil {
		d.unread = fmt.Sprintf("%s cannot be read (%v)", file, err)
		return d
	}
	for _, b := range blocks {
		switch {
		case b.kind != "target" && b.kind != "group":
		case len(b.labels) != 1:
			d.unread = fmt.Sprintf("%s: the %s block at line %d has no single name", file, b.kind, b.line)
		case b.kind == "target":
			d.targets[b.labels[0]] = bakeTarget(file, b.labels[0], b.attrs, dir)
		default:
			d.groups[b.labels[0]] = groupTargets(b.attrs["targets"])
			if d.groups[b.labels[0]] == nil {
				d.unread = fmt.Sprintf("%s: group %q lists its targets with an expression (line %d)", file, b.labels[0], b.line)
			}
		}
	}
	return d
}

// groupTargets returns the target names of a group's targets value, or nil when it
// is no list of strings.
func groupTargets(v hclValue) []string {
	out := []string{}
	if !v.isList {
		return nil
	}
	for _, item := range v.list {
		if !item.isStr {
			return nil
		}
		out = append(out, item.str)
	}
	return out
}

// jsonValue turns a value decoded from JSON into the value a bake file in HCL would
// give: a string holding ${ is an expression.
func jsonValue(x any) hclValue {
	switch x := x.(type) {
	case nil:
		return hclValue{null: true}
	case string:
		interp := strings.Contains(x, "${") || strings.Contains(x, "%{")
		return hclValue{str: x, isStr: !interp, opaque: interp}
	case []any:
		v := hclValue{isList: true}
		for _, item := range x {
			v.list = append(v.list, jsonValue(item))
		}
		return v
	case map[string]any:
		v := hclValue{isObj: true, fields: map[string]hclValue{}}
		for k, item := range x {
			v.fields[k] = jsonValue(item)
		}
		return v
	}
	return hclValue{}
}

// readBakeJSON reads a bake file in JSON, as readBakeHCL does one in HCL.
func readBakeJSON(file string, src []byte, dir string) *buildDefs {
	d := &buildDefs{targets: map[string]*imageTarget{}, groups: map[string][]string{}}
	var doc struct {
		Target map[string]map[string]any `json:"target"`
		Group  map[string]map[string]any `json:"group"`
	}
	if err := json.Unmarshal(src, &doc); err != nil {
		d.unread = fmt.Sprintf("%s cannot be read (%v)", file, err)
		return d
	}
	for name, attrs := range doc.Target {
		fields := map[string]hclValue{}
		for k, v := range attrs {
			fields[k] = jsonValue(v)
		}
		d.targets[name] = bakeTarget(file, name, fields, dir)
	}
	for name, attrs := range doc.Group {
		if d.groups[name] = groupTargets(jsonValue(attrs["targets"])); d.groups[name] == nil {
			d.unread = fmt.Sprintf("%s: group %q lists its targets with an expression", file, name)
		}
	}
	return d
}

// composeBuild is the build section of a compose service.
type composeBuild struct {
	Context          string    `yaml:"context"`
	Dockerfile       string    `yaml:"dockerfile"`
	DockerfileInline string    `yaml:"dockerfile_inline"`
	Target           string    `yaml:"target"`
	Args             yaml.Node `yaml:"args"`
}

// readCompose reads the services of a compose file that build an image, as bake
// targets: a relative context is taken from the file's directory, and the image is
// kept when the service names it (image:, which docker compose push pushes). The
// group "default" holds them all, as bake reads a compose file.
func readCompose(file string, src []byte) *buildDefs {
	d := &buildDefs{targets: map[string]*imageTarget{}, groups: map[string][]string{}}
	var doc struct {
		Services map[string]struct {
			Image    string    `yaml:"image"`
			Build    yaml.Node `yaml:"build"`
			Extends  yaml.Node `yaml:"extends"`
			Profiles []string  `yaml:"profiles"`
		} `yaml:"services"`
		Include yaml.Node `yaml:"include"`
	}
	if err := yaml.Unmarshal(src, &doc); err != nil {
		d.unread = fmt.Sprintf("%s cannot be read (%v)", file, err)
		return d
	}
	if doc.Include.Kind != 0 {
		d.unread = fmt.Sprintf("%s includes other compose files (line %d), which this audit does not read", file, doc.Include.Line)
	}
	dir := path.Dir(file)
	for _, name := range slices.Sorted(maps.Keys(doc.Services)) {
		s := doc.Services[name]
		if s.Build.Kind == 0 {
			continue // an image pulled, not built
		}
		t := &imageTarget{context: dir, keeps: s.Image != "", profiles: s.Profiles} // an image name to push
		unread := func(why string, line int) {
			if t.unread == "" {
				t.unread = fmt.Sprintf("%s: service %q %s (line %d)", file, name, why, line)
			}
		}
		var b composeBuild
		switch {
		case s.Build.Kind == yaml.ScalarNode:
			b.Context = s.Build.Value
		case s.Build.Decode(&b) != nil:
			unread("has a build section this audit cannot read", s.Build.Line)
			t.fileUnknown = true
		}
		if s.Extends.Kind != 0 {
			unread("extends another service, which this audit does not read", s.Extends.Line)
			t.fileUnknown = true
		}
		if b.DockerfileInline != "" {
			unread("builds an inline Dockerfile, which this audit does not read", s.Build.Line)
			t.fileUnknown = true
		}
		for _, f := range []struct{ key, value string }{{"context", b.Context}, {"dockerfile", b.Dockerfile}, {"target", b.Target}} {
			switch {
			case f.value == "":
				continue
			case strings.Contains(f.value, "$") || f.key == "context" && remoteContext(f.value):
				unread("sets "+f.key+" from a variable or outside the repository", s.Build.Line)
				t.fileUnknown = t.fileUnknown || f.key != "target"
				continue
			}
			t.set = append(t.set, f.key)
		}
		t.context, t.dockerfile, t.target = path.Join(dir, b.Context), b.Dockerfile, b.Target
		t.args = composeArgs(b.Args)
		d.targets[name] = t
		d.groups["default"] = append(d.groups["default"], name)
	}
	return d
}

// composeArgs reads the args of a compose build section, a mapping or a list of
// NAME=value: a name without a value, or a value with a variable, is taken from the
// environment.
func composeArgs(n yaml.Node) []buildArg {
	var out []buildArg
	switch n.Kind {
	case yaml.MappingNode:
		for _, kv := range pairs(&n) {
			a := readBuildArg(kv[0].Value + "=" + kv[1].Value)
			a.known = a.known && kv[1].Tag != "!!null"
			out = append(out, a)
		}
	case yaml.SequenceNode:
		for _, item := range n.Content {
			out = append(out, readBuildArg(item.Value))
		}
	}
	return out
}

// readBuildFiles reads the bake or compose files at paths, merged in that order, for
// a build run in dir (where a bake file's relative contexts start).
func (b *builds) readBuildFiles(paths []string, dir string) *buildDefs {
	d := &buildDefs{targets: map[string]*imageTarget{}, groups: map[string][]string{}}
	for _, p := range paths {
		src, ok := b.r.ReadFile(p)
		switch {
		case !ok:
			d.merge(&buildDefs{unread: p + " is not read by this audit"})
		case strings.HasSuffix(p, ".json"):
			d.merge(readBakeJSON(p, src, dir))
		case strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml"):
			d.merge(readCompose(p, src))
		default:
			d.merge(readBakeHCL(p, src, dir))
		}
	}
	return d
}

// present returns the files of names that the repository holds in dir.
func (b *builds) present(dir string, names []string) []string {
	var out []string
	for _, n := range names {
		if _, ok := b.r.ReadFile(path.Join(dir, n)); ok {
			out = append(out, path.Join(dir, n))
		}
	}
	return out
}

// bakeCalls returns the image builds of c when it is docker buildx bake or a compose
// build (docker compose build, docker-compose build), and whether it is one. A build
// whose files this audit cannot read, in part, is returned with unread set.
func (b *builds) bakeCalls(c command) ([]dockerCall, bool) {
	switch {
	case c.is("docker", "buildx", "bake"):
		return b.bake(c, c.words[3:]), true
	case c.is("docker", "bake"):
		return b.bake(c, c.words[2:]), true
	case c.is("docker", "compose"):
		return b.compose(c, c.words[2:])
	case c.is("docker-compose"):
		return b.compose(c, c.words[1:])
	case len(c.words) > 1 && c.words[0] == "skaffold" && slices.Contains([]string{"build", "run", "dev", "debug"}, c.words[1]):
		return b.skaffold(c, c.words[2:]), true
	}
	return nil, false
}

// skaffoldValueFlags are the flags of skaffold build, run, dev and debug that take
// a value.
var skaffoldValueFlags = []string{"-f", "--filename", "-p", "--profile", "-m", "--module", "-d", "--default-repo", "-t", "--tag", "--file-output", "--kube-context", "--kubeconfig", "-n", "--namespace", "--cache-file", "--build-concurrency", "--platform", "-b", "--build-image", "-l", "--label", "--digest-source", "--remote-cache-dir", "--cache-artifacts", "--status-check", "--port-forward", "--trigger", "--mute-logs", "-v", "--verbosity", "--assume-yes", "--wait-for-deletions", "--iterative-status-check", "--tolerate-failures-until-deadline", "--rpc-port", "--rpc-http-port"}

// skaffold returns the image builds of a skaffold build (run, dev, debug) with its
// arguments words: the artifacts of its skaffold.yaml (-f, else skaffold.yaml where
// it runs) that Docker builds (docker:, kaniko:, or no builder named), with their
// context, dockerfile, target and buildArgs; a {{ }} template in a value takes it from
// the environment. What this audit does not follow is a build with unread set:
// profiles that -p names or an activation may apply, required configs, custom
// builders and a file it cannot read.
func (b *builds) skaffold(c command, words []string) []dockerCall {
	file := ""
	var profiles, images []string
	for _, w := range cliWords(words, skaffoldValueFlags) {
		switch w.flag {
		case "-f", "--filename":
			file = path.Join(c.dir, w.value)
		case "-p", "--profile":
			profiles = append(profiles, w.value)
		case "-b", "--build-image":
			images = append(images, strings.Split(w.value, ",")...)
		}
	}
	unread := func(why string) []dockerCall {
		return []dockerCall{{at: c.at, unread: why}}
	}
	if file == "" { // skaffold.yaml where it runs, else skaffold.yml
		file = path.Join(c.dir, "skaffold.yaml")
		if yml := path.Join(c.dir, "skaffold.yml"); b.present(c.dir, []string{"skaffold.yaml"}) == nil && b.present(c.dir, []string{"skaffold.yml"}) != nil {
			file = yml
		}
	}
	src, ok := b.r.ReadFile(file)
	if !ok {
		return unread(file + " is not read by this audit")
	}
	dir := path.Dir(file)
	var out []dockerCall
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return unread(fmt.Sprintf("%s cannot be read (%v)", file, err))
		}
		if len(doc.Content) == 0 {
			continue
		}
		root := doc.Content[0]
		if n := get(root, "requires"); n != nil {
			return unread(fmt.Sprintf("%s requires other configs (line %d), which this audit does not read", file, n.Line))
		}
		if ps := get(root, "profiles"); ps != nil && ps.Kind == yaml.SequenceNode {
			for _, p := range ps.Content {
				name := get(p, "name")
				if get(p, "activation") != nil || name != nil && slices.Contains(profiles, name.Value) {
					return unread(fmt.Sprintf("%s: the profile at line %d may change its artifacts, which this audit does not follow", file, p.Line))
				}
			}
		}
		arts := get(get(root, "build"), "artifacts")
		if arts == nil || arts.Kind != yaml.SequenceNode {
			continue
		}
		for _, a := range arts.Content {
			if img := get(a, "image"); len(images) > 0 && (img == nil || !slices.Contains(images, img.Value)) {
				continue
			}
			builder := get(a, "docker")
			if builder == nil {
				builder = get(a, "kaniko") // kaniko in the cluster reads the same keys
			}
			other := slices.ContainsFunc([]string{"custom", "bazel", "jib", "buildpacks", "ko"}, func(k string) bool { return get(a, k) != nil })
			if builder == nil && other {
				if get(a, "custom") != nil {
					out = append(out, dockerCall{at: c.at, unread: fmt.Sprintf("%s: the artifact at line %d is built by a custom script, which this audit does not read", file, a.Line)})
				}
				continue
			}
			t := &imageTarget{context: dir, keeps: true}
			if n := get(a, "context"); n != nil && n.Kind == yaml.ScalarNode {
				t.context = path.Join(dir, n.Value)
			}
			if n := get(builder, "dockerfile"); n != nil && n.Kind == yaml.ScalarNode {
				t.dockerfile = n.Value
			}
			if n := get(builder, "target"); n != nil && n.Kind == yaml.ScalarNode {
				t.target = n.Value
			}
			if n := get(builder, "buildArgs"); n != nil {
				for _, arg := range composeArgs(*n) {
					arg.known = arg.known && !strings.Contains(arg.value, "{{")
					t.args = append(t.args, arg)
				}
			}
			out = append(out, dockerCall{file: t.file(), context: t.repoContext(), target: t.target, args: t.args, keeps: true, at: c.at})
		}
	}
	return out
}

// bakeValueFlags are the flags of docker buildx bake that take a value.
var bakeValueFlags = []string{"-f", "--file", "--set", "--progress", "--builder", "--metadata-file", "--provenance", "--sbom", "--allow", "--call", "--list", "--var"}

// bake returns the image builds of docker buildx bake with its arguments words.
func (b *builds) bake(c command, words []string) []dockerCall {
	var files, names, sets []string
	keeps := false
	for _, w := range cliWords(words, bakeValueFlags) {
		name, value := w.flag, w.value
		switch name {
		case "":
			names = append(names, value)
		case "-f", "--file":
			files = append(files, path.Join(c.dir, value))
		case "--set":
			sets = append(sets, value)
		case "--push", "--load":
			keeps = keeps || w.set()
		case "--print", "--list":
			return nil // prints, builds nothing
		case "--call":
			if value != "build" {
				return nil
			}
		}
	}
	if len(files) == 0 {
		files = b.present(c.dir, bakeFiles)
	}
	if len(names) == 0 {
		names = []string{"default"}
	}
	d := b.readBuildFiles(files, c.dir)
	var out []dockerCall
	for _, t := range d.resolve(names, files, true) {
		dc := dockerCall{file: t.file(), context: t.repoContext(), target: t.target, args: t.args, keeps: t.keeps || keeps, at: c.at, unread: t.unread, argsUnread: t.argsUnread}
		if len(sets) > 0 {
			if dc.unread == "" {
				dc.unread = "--set " + sets[0] + " overrides the bake files, which this audit does not follow"
			}
			dc.file, dc.argsUnread = "", false
		}
		out = append(out, dc)
	}
	return out
}

// resolve returns the targets names name, through groups when groups is set (bake;
// compose names services only, and one that builds nothing is left out); files not
// read, or a bake name of nothing defined, give a target with unread set.
func (d *buildDefs) resolve(names, files []string, groups bool) []*imageTarget {
	if d.unread != "" {
		return []*imageTarget{{unread: d.unread, fileUnknown: true}}
	}
	var out []*imageTarget
	seen := map[string]bool{}
	var walk func(name string)
	walk = func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		if g, ok := d.groups[name]; ok && groups {
			for _, n := range g {
				walk(n)
			}
			return
		}
		if t, ok := d.targets[name]; ok {
			out = append(out, t)
			return
		}
		if !groups {
			return // a compose service that builds nothing (an image pulled), or none: no image is built
		}
		in := "no bake file"
		if len(files) > 0 {
			in = strings.Join(files, ", ")
		}
		out = append(out, &imageTarget{unread: fmt.Sprintf("bake target %q is not defined in %s", name, in), fileUnknown: true})
	}
	for _, n := range names {
		walk(n)
	}
	return out
}

// composeValueFlags are the flags of docker compose, and of its build command, that
// take a value.
var composeValueFlags = []string{"-f", "--file", "-p", "--project-name", "--project-directory", "--env-file", "--profile", "--ansi", "--progress", "--parallel", "--build-arg", "--builder", "--ssh", "-m", "--memory"}

// compose returns the image builds of docker compose with its arguments words, and
// whether it builds (its command is build).
func (b *builds) compose(c command, words []string) ([]dockerCall, bool) {
	var files, profiles, services []string
	var args []buildArg
	dir, command := c.dir, ""
	for _, w := range cliWords(words, composeValueFlags) {
		name, value := w.flag, w.value
		switch {
		case name == "" && command == "":
			command = value
		case name == "":
			services = append(services, value)
		}
		switch name {
		case "-f", "--file":
			files = append(files, value)
		case "--project-directory":
			dir = path.Join(c.dir, value)
		case "--profile":
			profiles = append(profiles, value)
		case "--build-arg":
			args = append(args, readBuildArg(value))
		}
	}
	if command != "build" {
		return nil, false
	}
	for i, f := range files {
		files[i] = path.Join(c.dir, f)
	}
	if len(files) == 0 {
		if found := b.present(dir, composeFiles); len(found) > 0 {
			base := strings.TrimSuffix(path.Base(found[0]), path.Ext(found[0]))
			files = append(found[:1], b.present(dir, []string{base + ".override.yaml", base + ".override.yml"})...)
		}
	}
	if len(files) == 0 {
		return []dockerCall{{unread: "no compose file is found for it", at: c.at}}, true
	}
	d := b.readBuildFiles(files, dir)
	names := services
	if len(names) == 0 {
		for _, name := range slices.Sorted(maps.Keys(d.targets)) {
			if t := d.targets[name]; len(t.profiles) == 0 || slices.ContainsFunc(t.profiles, func(p string) bool { return slices.Contains(profiles, p) || slices.Contains(profiles, "*") }) {
				names = append(names, name)
			}
		}
	}
	var out []dockerCall
	for _, t := range d.resolve(names, files, false) {
		targs := t.args
		for _, a := range args {
			targs = setArg(targs, a)
		}
		out = append(out, dockerCall{file: t.file(), context: t.repoContext(), target: t.target, args: targs, keeps: t.keeps, at: c.at, unread: t.unread})
	}
	return out, true
}

// cliWord is a word of a command line: a flag with its value ("" for none), or an
// argument (flag ""); eq says the flag is written flag=value.
type cliWord struct {
	flag, value string
	eq          bool
}

// set reports whether a boolean flag is set: written alone, or with a true value
// (--push=false is not).
func (w cliWord) set() bool {
	v, err := strconv.ParseBool(w.value)
	return w.value == "" || err == nil && v
}

// cliWords reads the words of a command line: a flag of valueFlags takes the next
// word as its value unless it is written flag=value; any other word starting with
// - is a flag without one.
func cliWords(words, valueFlags []string) []cliWord {
	var out []cliWord
	for i := 0; i < len(words); i++ {
		w := words[i]
		if !strings.HasPrefix(w, "-") {
			out = append(out, cliWord{value: w})
			continue
		}
		name, value, hasValue := strings.Cut(w, "=")
		if slices.Contains(valueFlags, name) && !hasValue && i+1 < len(words) {
			i++
			value = words[i]
		}
		out = append(out, cliWord{flag: name, value: value, eq: hasValue})
	}
	return out
}
