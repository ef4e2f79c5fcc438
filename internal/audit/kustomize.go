package audit

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// manifestDoc is a document of a manifest (or a patch) and the file it is in.
type manifestDoc struct {
	path string
	node *yaml.Node
}

// cmEntry is a key of a ConfigMap with its value, and where the value is set when
// that is known (set): a generator's literal or env file line. The entries of a
// ConfigMap manifest are placed at the reference to them.
type cmEntry struct {
	key, value string
	at         repo.Evidence
	set        bool
}

// configMaps are the ConfigMaps the repository defines, by name: from ConfigMap
// manifests and kustomize configMapGenerators (several of one name, such as a
// base's and an overlay's, all count). unread holds why the keys of a generated one
// are not known (an env file that is not in the repository).
type configMaps struct {
	data   map[string][]cmEntry
	unread map[string]string
}

// kustomizationName reports whether a file's name makes it a kustomization, the
// file kustomize reads in a directory.
func kustomizationName(name string) bool {
	return name == "kustomization.yaml" || name == "kustomization.yml" || name == "Kustomization"
}

// readKustomizations reads the kustomizations of the repository for what they add
// to the containers of the manifests docs: their configMapGenerators (literals and
// env files) into cms; their patches given inline (patches, patchesStrategicMerge
// and patchesJson6902 with a patch string) or in a file that is no manifest (a JSON
// 6902 list of operations). A strategic-merge patch is returned as a document, read
// as the manifests are; the operations of a JSON 6902 one that add or replace
// containers, env or envFrom are applied to the containers of docs that they
// target, and returned as container mappings (patched). An operation on the
// environment of a container that is not found in docs is noted as a manifest not
// read.
func (a *auditor) readKustomizations(docs []manifestDoc, cms *configMaps) (extra, patched []manifestDoc) {
	for _, kpath := range a.r.Paths() {
		if !kustomizationName(path.Base(kpath)) {
			continue
		}
		src, _ := a.r.ReadFile(kpath)
		var doc yaml.Node
		if err := yaml.Unmarshal(src, &doc); err != nil || len(doc.Content) != 1 {
			continue // not YAML: listed with the manifests when it looks like one
		}
		root, dir := doc.Content[0], path.Dir(kpath)
		for _, gen := range seqItems(get(root, "configMapGenerator")) {
			a.readGenerator(kpath, dir, gen, cms)
		}
		// A patch: a string (inline) or a file, and the objects it targets.
		type patch struct {
			text, file *yaml.Node
			target     *yaml.Node
		}
		var patches []patch
		for _, p := range seqItems(get(root, "patches")) {
			patches = append(patches, patch{text: get(p, "patch"), file: get(p, "path"), target: get(p, "target")})
		}
		for _, p := range seqItems(get(root, "patchesJson6902")) {
			patches = append(patches, patch{text: get(p, "patch"), file: get(p, "path"), target: get(p, "target")})
		}
		for _, p := range seqItems(get(root, "patchesStrategicMerge")) {
			if p.Kind == yaml.ScalarNode && strings.Contains(p.Value, "\n") {
				patches = append(patches, patch{text: p})
			} else {
				patches = append(patches, patch{file: p})
			}
		}
		for _, p := range patches {
			var roots []*yaml.Node
			var err error
			at, text, line := kpath, "", 0
			switch {
			case p.text != nil && p.text.Kind == yaml.ScalarNode:
				text, line = p.text.Value, p.text.Line
				roots, err = patchRoots(text, p.text)
			case p.file != nil && p.file.Kind == yaml.ScalarNode:
				f := path.Join(dir, p.file.Value)
				if slices.Contains(a.r.Manifests, f) {
					continue // read with the manifests
				}
				b, ok := a.r.ReadFile(f)
				if !ok {
					if !slices.Contains(a.r.TooLarge, f) { // those are problems already, see skippedProcs
						a.manifestSkipped = append(a.manifestSkipped, a.unreadPatch(kpath, p.file, f))
					}
					continue
				}
				at, text, line = f, string(b), 1
				roots, err = patchRoots(text, nil)
			}
			if err != nil {
				a.manifestSkipped = append(a.manifestSkipped, skippedManifest{path: at,
					err: fmt.Sprintf("the patch at line %d is not read: %s", line, err), text: text})
			}
			for _, n := range roots {
				switch n.Kind {
				case yaml.MappingNode: // strategic merge: containers are merged by name
					extra = append(extra, manifestDoc{at, n})
				case yaml.SequenceNode: // JSON 6902 operations
					ok, why := true, ""
					for _, op := range n.Content {
						c, opOK, opWhy := applyOp(op, p.target, docs)
						if c != nil {
							patched = append(patched, manifestDoc{at, c})
						}
						if !opOK && ok {
							ok, why = false, opWhy
						}
					}
					if !ok {
						a.manifestSkipped = append(a.manifestSkipped, skippedManifest{path: at,
							err:  fmt.Sprintf("the JSON 6902 patch at line %d is not applied: %s", line, why),
							text: text})
					}
				}
			}
		}
	}
	return extra, patched
}

// unreadPatch notes the patch file f that the kustomization kpath names (at the
// node at) and that was not read: not in the repository (outside it, or made by a
// build), or of a name this audit does not read (patch.txt), whose mentions of the
// variables procs judges are looked for.
func (a *auditor) unreadPatch(kpath string, at *yaml.Node, f string) skippedManifest {
	named := fmt.Sprintf("named as a patch at %s:%d", kpath, at.Line)
	ev := a.r.At(kpath, at.Line)
	found, err := a.r.Mentions(f, "GOMAXPROCS", "GOMEMLIMIT", "GODEBUG")
	switch {
	case err == nil:
		return skippedManifest{path: f, err: named + ", in a file of a name this audit does not read", text: strings.Join(found, " "), named: ev}
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, fs.ErrInvalid):
		return skippedManifest{path: f, err: named + ", not in the repository", unseen: true, named: ev}
	}
	return skippedManifest{path: f, err: named + ", not read: " + err.Error(), unseen: true, named: ev}
}

// readGenerator reads a configMapGenerator of the kustomization kpath in dir: its
// literals (KEY=VALUE) and its env files (envs, or the older env), read as kustomize
// reads them (KEY=VALUE lines, # comments). A generator whose env file is not in the
// repository has keys this audit does not know.
func (a *auditor) readGenerator(kpath, dir string, gen *yaml.Node, cms *configMaps) {
	name := get(gen, "name")
	if name == nil || name.Kind != yaml.ScalarNode {
		return
	}
	for _, lit := range seqItems(get(gen, "literals")) {
		if k, v, ok := strings.Cut(lit.Value, "="); ok {
			cms.data[name.Value] = append(cms.data[name.Value], cmEntry{key: strings.TrimSpace(k), value: unquote(strings.TrimSpace(v)), at: a.r.At(kpath, lit.Line), set: true})
		}
	}
	files := seqItems(get(gen, "envs"))
	if env := get(gen, "env"); env != nil && env.Kind == yaml.ScalarNode {
		files = append(files, env)
	}
	for _, f := range files {
		p := path.Join(dir, f.Value)
		b, ok := a.r.ReadFile(p)
		if !ok {
			cms.unread[name.Value] = fmt.Sprintf("its env file %s (%s:%d) is not read", f.Value, kpath, f.Line)
			continue
		}
		sc := bufio.NewScanner(strings.NewReader(string(b)))
		for line := 1; sc.Scan(); line++ {
			l := strings.TrimSpace(sc.Text())
			if l == "" || strings.HasPrefix(l, "#") {
				continue
			}
			if k, v, ok := strings.Cut(l, "="); ok {
				cms.data[name.Value] = append(cms.data[name.Value], cmEntry{key: strings.TrimSpace(k), value: unquote(strings.TrimSpace(v)), at: a.r.At(p, line), set: true})
			}
		}
	}
	if _, ok := cms.data[name.Value]; !ok && len(files) == 0 {
		cms.data[name.Value] = nil // files only (keys named after files), or nothing
	}
}

// unquote removes the quotes around a value, as kustomize does for literals.
func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}

// seqItems returns the items of a sequence node, or nothing.
func seqItems(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}

// patchRoots parses the documents of a patch. For an inline patch (held by the node
// in, a string of the kustomization), the lines of its nodes are made lines of the
// kustomization: those of a block scalar (patch: |) start on the line after the key,
// and the others are placed at the string.
func patchRoots(text string, in *yaml.Node) (out []*yaml.Node, err error) {
	dec := yaml.NewDecoder(strings.NewReader(text))
	for {
		var doc yaml.Node
		if err = dec.Decode(&doc); err != nil {
			if err == io.EOF {
				err = nil
			}
			break
		}
		if len(doc.Content) == 1 {
			out = append(out, doc.Content[0])
		}
	}
	if in != nil {
		block := in.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0
		for _, n := range out {
			relines(n, func(l int) int {
				if block {
					return in.Line + l
				}
				return in.Line
			})
		}
	}
	return out, err
}

func relines(n *yaml.Node, f func(int) int) {
	n.Line = f(n.Line)
	for _, c := range n.Content {
		relines(c, f)
	}
}

// applyOp applies a JSON 6902 operation to what this audit reads of containers: an
// add or replace of a container, of a container's env or envFrom (the list, or one
// entry) or of the value of one env entry. It returns the container mapping that
// holds what the operation gives (its name and image those of the container it
// changes in docs, found from target and the operation's path), or nil for an
// operation on something else. ok is false, with why, when the operation changes a
// container's environment but the container is not found.
func applyOp(op, target *yaml.Node, docs []manifestDoc) (c *yaml.Node, ok bool, why string) {
	kind, p, value := get(op, "op"), get(op, "path"), get(op, "value")
	if kind == nil || p == nil || value == nil || kind.Value != "add" && kind.Value != "replace" {
		return nil, true, ""
	}
	segs := strings.Split(strings.TrimPrefix(p.Value, "/"), "/")
	for i := range segs {
		segs[i] = strings.NewReplacer("~1", "/", "~0", "~").Replace(segs[i])
	}
	i := slices.IndexFunc(segs, func(s string) bool { return s == "containers" || s == "initContainers" })
	if i < 0 || i+1 >= len(segs) {
		// The pod spec or the list of containers itself: its containers are in value.
		if i >= 0 || strings.Contains(p.Value, "spec") {
			return value, true, ""
		}
		return nil, true, ""
	}
	rest := segs[i+2:]
	if len(rest) == 0 {
		return value, true, "" // a whole container
	}
	if rest[0] != "env" && rest[0] != "envFrom" {
		return nil, true, ""
	}
	// The container changed, in the objects the patch targets.
	var ctr *yaml.Node
	for _, d := range docs {
		if !targets(target, d.node) {
			continue
		}
		if n := pointer(d.node, segs[:i+2]); n != nil && n.Kind == yaml.MappingNode {
			ctr = n
			break
		}
	}
	if ctr == nil {
		return nil, false, fmt.Sprintf("%s names a container that is not in the manifests read", p.Value)
	}
	scalar := func(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: v, Line: op.Line} }
	out := &yaml.Node{Kind: yaml.MappingNode, Line: op.Line}
	for _, key := range []string{"name", "image"} {
		if n := get(ctr, key); n != nil {
			out.Content = append(out.Content, scalar(key), scalar(n.Value))
		}
	}
	list := value
	switch {
	case len(rest) == 1: // the list
	case len(rest) == 2: // one entry
		list = &yaml.Node{Kind: yaml.SequenceNode, Line: value.Line, Content: []*yaml.Node{value}}
	case len(rest) == 3 && rest[0] == "env" && rest[2] == "value": // the value of an entry
		n, err := strconv.Atoi(rest[1])
		entries := seqItems(get(ctr, "env"))
		if err != nil || n < 0 || n >= len(entries) || get(entries[n], "name") == nil {
			return nil, false, fmt.Sprintf("%s names an env entry that is not in the manifests read", p.Value)
		}
		list = &yaml.Node{Kind: yaml.SequenceNode, Line: value.Line, Content: []*yaml.Node{{Kind: yaml.MappingNode, Line: value.Line, Content: []*yaml.Node{
			scalar("name"), scalar(get(entries[n], "name").Value), scalar("value"), value}}}}
	default:
		return nil, true, ""
	}
	out.Content = append(out.Content, scalar(rest[0]), list)
	return out, true, ""
}

// targets reports whether the patch target (kind and name; all objects when it is
// absent) selects the object root.
func targets(target, root *yaml.Node) bool {
	for _, key := range []string{"kind", "name"} {
		want := get(target, key)
		if want == nil {
			continue
		}
		have := get(root, key)
		if key == "name" {
			have = get(get(root, "metadata"), "name")
		}
		if have == nil || have.Value != want.Value {
			return false
		}
	}
	return true
}

// pointer returns the node at the JSON pointer segments segs below n, or nil.
func pointer(n *yaml.Node, segs []string) *yaml.Node {
	for _, s := range segs {
		switch n.Kind {
		case yaml.MappingNode:
			n = get(n, s)
		case yaml.SequenceNode:
			i, err := strconv.Atoi(s)
			if err != nil || i < 0 || i >= len(n.Content) {
				return nil
			}
			n = n.Content[i]
		default:
			return nil
		}
		if n == nil {
			return nil
		}
	}
	return n
}
