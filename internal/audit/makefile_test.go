package audit

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// mapReader reads the files of a map, by slash-separated path.
func mapReader(files map[string]string) func(string) ([]byte, error) {
	fsys := fstest.MapFS{}
	for p, body := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(body)}
	}
	return func(p string) ([]byte, error) {
		if !fs.ValidPath(p) {
			return nil, errors.New("outside the repository")
		}
		return fs.ReadFile(fsys, p)
	}
}

func TestMakeTargets(t *testing.T) {
	const plain = "VERSION := 1\nCC ?= gcc\nall: build\n\nbuild test: deps\n\tgo build\n.PHONY: all\n%.o: %.c\nrun::\n\techo\n# lint: not a target\nx=y:z\n"
	tests := []struct {
		name         string
		files        map[string]string // "Makefile" is read
		skip         []string
		want         []string
		wantComplete bool
	}{
		{"targets of the file", map[string]string{"Makefile": plain}, nil, []string{"all", "build", "test", "run"}, true},
		{"an include read in place", map[string]string{
			"Makefile": "all: build\ninclude mk/build.mk\n", "mk/build.mk": "build:\n\tgo build\n",
		}, nil, []string{"all", "build"}, true},
		{"an include through a variable", map[string]string{
			"Makefile": "MK := mk\ninclude $(MK)/lint.mk\n", "mk/lint.mk": "lint:\n\tgolangci-lint run\n",
		}, nil, []string{"lint"}, true},
		{"a skipped include", map[string]string{
			"Makefile": "all:\ninclude gonew-prod.mk\n", "gonew-prod.mk": "build: prod-build\n",
		}, []string{"gonew-prod.mk"}, []string{"all"}, true},
		{"an optional include of a file that is not there", map[string]string{
			"Makefile": "-include .env\nsinclude local.mk\nall:\n",
		}, nil, []string{"all"}, true},
		{"an include of a file that is not there", map[string]string{
			"Makefile": "include generated.mk\nall:\n",
		}, nil, []string{"all"}, false},
		{"an include of a pattern", map[string]string{
			"Makefile": "include $(wildcard mk/*.mk)\nall:\n", "mk/build.mk": "build:\n",
		}, nil, []string{"all"}, false},
		{"an include outside the repository", map[string]string{
			"Makefile": "include ../common.mk\nall:\n",
		}, nil, []string{"all"}, false},
		{"an include of an unknown variable", map[string]string{
			"Makefile": "include $(TOP)/rules.mk\nall:\n",
		}, nil, []string{"all"}, false},
		{"includes without end", map[string]string{
			"Makefile": "include loop.mk\n", "loop.mk": "include loop.mk\nloop:\n",
		}, nil, []string{"loop"}, false},
		{"a file that starts with a UTF-8 byte order mark", map[string]string{
			"Makefile": "\ufeffbuild:\n\tgo build ./...\ninclude mk/lint.mk\n", "mk/lint.mk": "\ufefflint:\n\tgolangci-lint run\n",
		}, nil, []string{"build", "lint"}, true},
		{"a rule made with $(eval)", map[string]string{
			"Makefile": "define RULE\n$(1):\n\tgo $(1) ./...\nendef\n$(foreach t,build test,$(eval $(call RULE,$(t))))\nall:\n",
		}, nil, []string{"all"}, false},
		{"a match-anything rule", map[string]string{
			"Makefile": "all:\n%:\n\t$(MAKE) -C sub $@\n",
		}, nil, []string{"all"}, false},
		// make reads & right before the colon as the grouped-target marker, with or
		// without a blank before it, and & before a blank as part of the name.
		{"grouped targets without a blank before &:", map[string]string{
			"Makefile": "gen build&: api.txt\n\t@echo built\napi.txt:\n",
		}, nil, []string{"gen", "build", "api.txt"}, true},
		{"grouped targets with a blank before &:", map[string]string{
			"Makefile": "gen build &: api.txt\n\t@echo built\n",
		}, nil, []string{"gen", "build"}, true},
		{"grouped double-colon targets, no prerequisites", map[string]string{
			"Makefile": "a b&::\n\t@echo built\nlint&:\n",
		}, nil, []string{"a", "b", "lint"}, true},
		{"& before a blank names the target", map[string]string{
			"Makefile": "build& : x\nvet&&: x\n",
		}, nil, []string{"build&", "vet&"}, true},
		{"double colon and an empty recipe", map[string]string{
			"Makefile": "build::\ntest: ;\n",
		}, nil, []string{"build", "test"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			targets, complete := MakeTargets(mapReader(tt.files), "Makefile", tt.skip...)
			var got []string
			for _, target := range targets {
				got = append(got, target.Name)
			}
			if !slices.Equal(got, tt.want) || complete != tt.wantComplete {
				t.Errorf("MakeTargets = %v, %v; want %v, %v", got, complete, tt.want, tt.wantComplete)
			}
		})
	}
}

// TestMakeTargetRecipes: MakeTargets places the rule that gives each target its recipe,
// whatever character starts recipe lines (.RECIPEPREFIX, as it stands where they are
// read), for every target a rule names, and for a recipe after a semicolon, and counts the
// single-colon rules that give a target a recipe, and marks a target that both single- and
// double-colon rules name.
func TestMakeTargetRecipes(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string // "Makefile" is read
		want  []MakeTarget
	}{
		{"tab recipes", map[string]string{"Makefile": "all: build\nbuild:\n\tgo build\n"},
			[]MakeTarget{{Name: "all"}, {Name: "build", Recipe: "Makefile:2", Recipes: 1}}},
		{"prerequisites only, then a recipe", map[string]string{"Makefile": "build: gen\n\nbuild:\n\tgo build\n"},
			[]MakeTarget{{Name: "build", Recipe: "Makefile:3", Recipes: 1}}},
		{"every target of a rule", map[string]string{"Makefile": "build test:\n\tgo $@\n"},
			[]MakeTarget{{Name: "build", Recipe: "Makefile:1", Recipes: 1}, {Name: "test", Recipe: "Makefile:1", Recipes: 1}}},
		{"a recipe after a semicolon", map[string]string{"Makefile": "build: ; CGO_ENABLED=0 go build\nall: build\n"},
			[]MakeTarget{{Name: "build", Recipe: "Makefile:1", Recipes: 1}, {Name: "all"}}},
		{"another recipe prefix", map[string]string{"Makefile": ".RECIPEPREFIX = >\nbuild:\n> go build\nvet:\n\tgo vet\n"},
			[]MakeTarget{{Name: "build", Recipe: "Makefile:2", Recipes: 1}, {Name: "vet"}}},
		{"a prefix set and given back by an included file", map[string]string{
			"Makefile": ".RECIPEPREFIX := >\ninclude tab.mk\nbuild:\n> go build\n",
			"tab.mk":   "SAVED := $(.RECIPEPREFIX)\n.RECIPEPREFIX :=\nlint:\n\tgolangci-lint run\n.RECIPEPREFIX := $(SAVED)\n",
		}, []MakeTarget{{Name: "lint", Recipe: "tab.mk:3", Recipes: 1}, {Name: "build", Recipe: "Makefile:3", Recipes: 1}}},
		{"in an included file", map[string]string{"Makefile": "include mk/prod.mk\n", "mk/prod.mk": "prod-build:\n\techo mine\n"},
			[]MakeTarget{{Name: "prod-build", Recipe: "mk/prod.mk:1", Recipes: 1}}},
		{"every branch of a conditional", map[string]string{"Makefile": "A := 1\nifeq ($(A),1)\nbuild:\n\tgo build\nelse\ndebug:\n\tgo build -tags debug\nendif\n"},
			[]MakeTarget{{Name: "build", Recipe: "Makefile:3", Recipes: 1}, {Name: "debug", Recipe: "Makefile:6", Recipes: 1}}},
		{"a target-specific variable is no rule", map[string]string{"Makefile": "test: FLAGS += -race\nbuild:\n\tgo build\ntest:\n\tgo test $(FLAGS)\n"},
			[]MakeTarget{{Name: "build", Recipe: "Makefile:2", Recipes: 1}, {Name: "test", Recipe: "Makefile:4", Recipes: 1}}},
		{"grouped targets", map[string]string{"Makefile": "test&: FLAGS += -race\ngen build&: api.txt\n\tgo generate\n"},
			[]MakeTarget{{Name: "gen", Recipe: "Makefile:2", Recipes: 1}, {Name: "build", Recipe: "Makefile:2", Recipes: 1}}},
		{"two recipes: make runs the last", map[string]string{"Makefile": "orgx:\n\t@echo mine\nvet:\n\tgo vet\norgx: vet\n\t@echo org\n\t@echo more\n"},
			[]MakeTarget{{Name: "orgx", Recipe: "Makefile:1", Recipes: 2}, {Name: "vet", Recipe: "Makefile:3", Recipes: 1}}},
		{"double-colon rules each run", map[string]string{"Makefile": "log::\n\techo a\nlog::\n\techo b\n"},
			[]MakeTarget{{Name: "log", Recipe: "Makefile:1"}}},
		{"single- and double-colon rules of one target: make refuses", map[string]string{"Makefile": "fmt: vet\nfmt::\n\tgofmt -w .\nvet:\n\tgo vet\n"},
			[]MakeTarget{{Name: "fmt", Recipe: "Makefile:2", BothColons: true}, {Name: "vet", Recipe: "Makefile:4", Recipes: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, complete := MakeTargets(mapReader(tt.files), "Makefile")
			if !slices.Equal(got, tt.want) || !complete {
				t.Errorf("MakeTargets = %v, %v; want %v, true", got, complete, tt.want)
			}
		})
	}
}

// TestRecipeReadOnce: the recipe of a rule naming several targets is read once, so that
// audit judges each of its commands once.
func TestRecipeReadOnce(t *testing.T) {
	mf := newMakefile(mapReader(map[string]string{"Makefile": "build test:\n\tgo build ./...\n"}), "Makefile")
	mf.read("Makefile", false, 0)
	n := 0
	for _, target := range mf.targets {
		n += len(target.recipe)
	}
	if n != 1 {
		t.Errorf("the recipe line is held %d times, want once", n)
	}
}

// TestMakeGlobalModifiers reads the modifiers of a global assignment as make does:
// export, override and private, in any order (private X = v is an assignment of X,
// which update's reader of Makefiles takes from MakeAssignments too), and a define's.
func TestMakeGlobalModifiers(t *testing.T) {
	tests := []struct {
		name, mk string
		want     []MakeAssignment // Name, Op and Value
		exported []string
		private  []string
	}{
		{"private", "private X = v\n", []MakeAssignment{{Name: "X", Op: "=", Value: "v"}}, nil, []string{"X"}},
		{"override private", "override private X := v\n", []MakeAssignment{{Name: "X", Op: ":=", Value: "v"}}, nil, []string{"X"}},
		{"export private", "export private X ?= v\n", []MakeAssignment{{Name: "X", Op: "?=", Value: "v"}}, []string{"X"}, []string{"X"}},
		{"private export override", "private export override X += v\n", []MakeAssignment{{Name: "X", Op: "+=", Value: "v"}}, []string{"X"}, []string{"X"}},
		{"export override", "export override X = v\n", []MakeAssignment{{Name: "X", Op: "=", Value: "v"}}, []string{"X"}, nil},
		{"private define", "private define X\nv\nendef\n", []MakeAssignment{{Name: "X", Op: "=", Value: "v"}}, nil, []string{"X"}},
		{"export private define", "export private define X :=\nv\nendef\n", []MakeAssignment{{Name: "X", Op: ":=", Value: "v"}}, []string{"X"}, []string{"X"}},
		{"a variable named private", "private = v\n", []MakeAssignment{{Name: "private", Op: "=", Value: "v"}}, nil, nil},
		{"export private, no assignment", "X = v\nexport private X\n", []MakeAssignment{{Name: "X", Op: "=", Value: "v"}}, []string{"X"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			read := mapReader(map[string]string{"Makefile": tt.mk})
			var got []MakeAssignment
			for _, a := range MakeAssignments(read, "Makefile") {
				got = append(got, MakeAssignment{Name: a.Name, Op: a.Op, Value: a.Value})
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("MakeAssignments = %v, want %v", got, tt.want)
			}
			mf := newMakefile(read, "Makefile")
			mf.read("Makefile", false, 0)
			if v := mf.vars[tt.want[0].Name]; v != tt.want[0].Value {
				t.Errorf("%s = %q in the global scope, want %q", tt.want[0].Name, v, tt.want[0].Value)
			}
			var exported, private []string
			for name, on := range mf.exported {
				if on {
					exported = append(exported, name)
				}
			}
			for name := range mf.private {
				private = append(private, name)
			}
			if !slices.Equal(exported, tt.exported) || !slices.Equal(private, tt.private) {
				t.Errorf("exported %v, private %v; want %v, %v", exported, private, tt.exported, tt.private)
			}
		})
	}
}

// TestMakeDefineOverride: a define block with override replaces the value the make
// command line gives its variable, as an override assignment does; one without it
// does not.
func TestMakeDefineOverride(t *testing.T) {
	for mk, want := range map[string]string{
		"override define X\nv\nendef\n":   "v",
		"define X\nv\nendef\n":            "cl",
		"override private X = v\n":        "v",
		"private export override X = v\n": "v",
		"export X = v\n":                  "cl",
	} {
		mf := newMakefile(mapReader(map[string]string{"Makefile": mk}), "Makefile")
		mf.cmdline, mf.vars["X"] = map[string]string{"X": "cl"}, "cl"
		mf.read("Makefile", false, 0)
		if got := mf.vars["X"]; got != want {
			t.Errorf("%q with X=cl on the command line: X = %q, want %q", mk, got, want)
		}
	}
}

// TestCallFuncs evaluates the Make text functions audit reads.
func TestCallFuncs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"-s $(foreach v,version=1 commit=abc,-X main.$(v))", "-s -X main.version=1 -X main.commit=abc"},
		{"$(foreach v,a=$(shell git describe --tags) b,-X ${v})", "-X a=$(shell git describe --tags) -X b"},
		{"$(addprefix -X ,main.a=1 main.b=2)", "-X main.a=1 -X main.b=2"},
		{"$(addsuffix .go,a b)", "a.go b.go"},
		{"$(patsubst %,main.%=1,version commit)", "main.version=1 main.commit=1"},
		{"$(patsubst cmd/%,bin/%,cmd/api other)", "bin/api other"},
		{"$(subst :, ,a:b)", "a b"},
		{"$(strip  a   b )", "a b"},
		{"$(addprefix -X ,$(patsubst %,main.%=v,a))", "-X main.a=v"},
		{"$(call f,a) $$(git rev-parse HEAD) $(UNSET)", "$(call f,a) $$(git rev-parse HEAD) $(UNSET)"},
		{"$(foreach v,a b", "$(foreach v,a b"},
		{"$(foreach v,$(LIST),-X $(v))", "-X $(LIST)"},
		{"$(foreach v,$(LIST),x y)", "$(foreach v,$(LIST),x y)"}, // as many words as LIST has: not known
	}
	for _, tt := range tests {
		if got := callFuncs(tt.in); got != tt.want {
			t.Errorf("callFuncs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestMakeExpand expands text as make does: $(X) and ${X} are references to X,
// while $$ is a $, so $$(X) and $${X} are the shell's command substitution and
// variable, written $(X) and ${X} (make 4.3 -n), whatever X holds.
func TestMakeExpand(t *testing.T) {
	mf := newMakefile(nil, "Makefile")
	mf.vars["X"] = "-race"
	mf.vars["Y"] = "$$(X)"
	tests := []struct{ in, want string }{
		{"go test $(X) ${X}", "go test -race -race"},
		{"go test $$(X) $${X}", "go test $(X) ${X}"},
		{"go test $$$(X)", "go test $-race"},
		{"go test $$$$(X)", "go test $$(X)"},
		{"go test $(Y)", "go test $(X)"},
	}
	for _, tt := range tests {
		if got := mf.expand(tt.in); got != tt.want {
			t.Errorf("expand(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// callFuncs evaluates the calls of makeFuncs in s, innermost first, within the bounds
// of one expansion (see bound.call).
func callFuncs(s string) string {
	return (&bound{steps: maxExpansionSteps}).call(s)
}

// TestMakeTargetsGap: why the targets of a Makefile are not all known names the construct
// and where it is, not a guess among the possible causes.
func TestMakeTargetsGap(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"complete", map[string]string{"Makefile": "all:\n-include local.mk\n"}, ""},
		{"$(eval)", map[string]string{"Makefile": "define R\nlint:\nendef\n\n$(eval $(R))\n"}, "Makefile:5 makes rules with $(eval) while make reads it"},
		{"match-anything", map[string]string{"Makefile": "all:\n%:\n\t@true\n"}, "Makefile:2 has a match-anything rule (%:), which answers any goal"},
		{"$(CURDIR) include", map[string]string{"Makefile": "include $(CURDIR)/gen.mk\n-include ${CURDIR}/local.mk\n", "gen.mk": "all:\n"}, ""},
		{"assigned CURDIR", map[string]string{"Makefile": "CURDIR := $(shell pwd)\ninclude $(CURDIR)/gen.mk\n", "gen.mk": "all:\n"}, "Makefile:2 `include $(CURDIR)/gen.mk` includes what add cannot resolve to a file of the repository"},
		{"missing include", map[string]string{"Makefile": "include gen.mk\n"}, "it includes gen.mk, which add cannot read"},
		{"pattern include", map[string]string{"Makefile": "all:\ninclude mk/*.mk\n"}, "Makefile:2 `include mk/*.mk` includes what add cannot resolve to a file of the repository"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, gap := MakeTargetsGap(mapReader(tt.files), "Makefile"); gap != tt.want {
				t.Errorf("gap = %q, want %q", gap, tt.want)
			}
		})
	}
}

// TestMakePatternRules: the pattern rules that give their targets a recipe, in the files
// a Makefile includes too, with where each is; and which targets a pattern matches, as
// make matches them (the stem, what % stands for, is never empty).
func TestMakePatternRules(t *testing.T) {
	files := map[string]string{
		"Makefile":     "prod-%:\n\t$(MAKE) ENV=prod $*\n%.o: %.c\nx-% y-%: ; @echo $@\n%:\n\t@true\ninclude mk/deploy.mk\n",
		"mk/deploy.mk": "ifdef CI\ndeploy-%:\n\t./deploy.sh $*\nendif\n",
	}
	var got []string
	for _, r := range MakePatternRulesGlob(mapReader(files), nil, "Makefile") {
		got = append(got, r.Name+" "+r.Recipe)
	}
	want := []string{"prod-% Makefile:1", "x-% Makefile:4", "y-% Makefile:4", "deploy-% mk/deploy.mk:2"}
	if !slices.Equal(got, want) {
		t.Errorf("pattern rules %q, want %q", got, want)
	}
	stems := []struct {
		pattern, name, stem string
		ok                  bool
	}{
		{"prod-%", "prod-build", "build", true},
		{"prod-%", "prod-", "", false},
		{"%-build", "prod-build", "prod", true},
		{"p%d", "prod-build", "rod-buil", true},
		{"%.o", "prod-build", "", false},
		{"b%", "build", "uild", true},
	}
	for _, tt := range stems {
		if stem, ok := MakePatternStem(tt.pattern, tt.name); stem != tt.stem || ok != tt.ok {
			t.Errorf("MakePatternStem(%q, %q) = %q, %v, want %q, %v", tt.pattern, tt.name, stem, ok, tt.stem, tt.ok)
		}
	}
}

// TestMakeConditional checks which uncommented Makefile lines are conditional
// directives, however the keyword is set off from its arguments, for audit's reader and
// update's alike.
func TestMakeConditional(t *testing.T) {
	tests := []struct{ text, kw, rest string }{
		{"ifeq ($(CI),1)", "ifeq", "($(CI),1)"},
		{"ifeq($(CI),1)", "ifeq", "($(CI),1)"},
		{"ifneq\t(a,b)", "ifneq", "(a,b)"},
		{"ifdef DEBUG", "ifdef", "DEBUG"},
		{"else ifeq ($(X),y)", "else", "ifeq ($(X),y)"},
		{"else", "else", ""},
		{"endif", "endif", ""},
		{"ifeqx := 1", "", ""},
		{"endifs:", "", ""},
		{"build: ifeq", "", ""},
	}
	for _, tt := range tests {
		if kw, rest := MakeConditional(tt.text); kw != tt.kw || rest != tt.rest {
			t.Errorf("MakeConditional(%q) = %q, %q; want %q, %q", tt.text, kw, rest, tt.kw, tt.rest)
		}
	}
}

// TestMakeIncludesGlob: the files a Makefile's include directives name, resolved as make
// resolves them (a pattern, in $(wildcard) or bare, less what a $(filter-out) around it
// leaves out; a variable), in the order read, with where each directive is.
func TestMakeIncludesGlob(t *testing.T) {
	tree := map[string]string{"gonew-prod.mk": "prod-help:\n", "build.mk": "build:\n", "mk/lint.mk": "lint:\n", "rules/all.mk": "-include *.mk\n"}
	tests := []struct {
		name, makefile string
		want           []string // "file at"
	}{
		{"a bare pattern", "-include *.mk\nall:\n", []string{"build.mk Makefile:1", "gonew-prod.mk Makefile:1"}},
		{"a pattern in $(wildcard)", "all:\ninclude $(wildcard *.mk)\n", []string{"build.mk Makefile:2", "gonew-prod.mk Makefile:2"}},
		{"a pattern less a name", "all:\ninclude $(filter-out gonew-prod.mk,$(wildcard *.mk))\n", []string{"build.mk Makefile:2"}},
		{"a pattern less a pattern", "all:\ninclude $(filter-out %prod.mk,$(wildcard *.mk mk/*.mk))\n", []string{"build.mk Makefile:2", "mk/lint.mk Makefile:2"}},
		{"a name through a variable", "MK := gonew-prod.mk\nsinclude $(MK) missing.mk\n", []string{"gonew-prod.mk Makefile:2"}},
		{"a pattern in an included file", "include rules/all.mk\n", []string{"rules/all.mk Makefile:1", "build.mk rules/all.mk:1", "gonew-prod.mk rules/all.mk:1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"Makefile": tt.makefile}
			for p, body := range tree {
				files[p] = body
			}
			glob := func(pattern string) ([]string, error) {
				var out []string
				for p := range files {
					if ok, _ := path.Match(pattern, p); ok {
						out = append(out, p)
					}
				}
				slices.Sort(out)
				return out, nil
			}
			var got []string
			for _, inc := range MakeIncludesGlob(mapReader(files), glob, "Makefile", "gonew-prod.mk") {
				got = append(got, inc.File+" "+inc.At)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("includes %q, want %q", got, tt.want)
			}
		})
	}
}

// TestMakeRulesRun checks the rules make reads of a Makefile run with an environment
// that is not known: a branch the Makefile's own assignments rule out is not read, one
// the environment may decide is, and a Makefile make refuses to read (a conditional
// left open, in an included file too, a stray else or endif, a define without endef)
// is an error naming the file and line.
func TestMakeRulesRun(t *testing.T) {
	tests := []struct {
		name     string
		files    map[string]string // "Makefile" is read
		targets  []string
		patterns []string
		broken   string // the error; "" for none
	}{
		{"branch not taken", map[string]string{"Makefile": "LEGACY := no\nifeq ($(LEGACY),yes)\nbuild:\nbin/%:\n\t@true\nelse\nall:\nendif\n"}, []string{"all"}, nil, ""},
		{"constant condition", map[string]string{"Makefile": "ifeq (1,2)\nbuild:\nendif\nifneq (1,2)\ndocker:\nendif\n"}, []string{"docker"}, nil, ""},
		{"branch of the environment", map[string]string{"Makefile": "ifeq ($(CI),true)\nbuild:\nelse\ndocker:\nendif\n"}, []string{"build", "docker"}, nil, ""},
		{"?= the environment may override", map[string]string{"Makefile": "LEGACY ?= no\nifeq ($(LEGACY),yes)\nbuild:\nendif\n"}, []string{"build"}, nil, ""},
		{"nested in a branch not taken", map[string]string{"Makefile": "ifdef CI\nX := 1\nendif\nifeq (a,b)\nifdef CI\nbuild:\nendif\nendif\n"}, nil, nil, ""},
		{"include in a branch not taken", map[string]string{"Makefile": "ifeq (a,b)\ninclude missing.mk\nendif\nall:\n"}, []string{"all"}, nil, ""},
		{"ifeq without endif", map[string]string{"Makefile": "build:\n\t@echo build\nifeq ($(CI),true)\n.PHONY: build\n"}, nil, nil, "Makefile:3: ifeq has no endif, so make stops there (\"missing 'endif'\")"},
		{"included file without endif", map[string]string{"Makefile": "include mk/ci.mk\nbuild:\nendif\n", "mk/ci.mk": "all:\nifdef CI\n"}, nil, nil, "mk/ci.mk:2: ifdef has no endif, so make stops there (\"missing 'endif'\")"},
		{"stray endif", map[string]string{"Makefile": "build:\nendif\n"}, nil, nil, "Makefile:2: endif without ifeq, ifneq, ifdef or ifndef, so make stops there (\"extraneous 'endif'\")"},
		{"stray else", map[string]string{"Makefile": "build:\nelse\n"}, nil, nil, "Makefile:2: else without ifeq, ifneq, ifdef or ifndef, so make stops there (\"extraneous 'else'\")"},
		{"second else", map[string]string{"Makefile": "ifdef CI\nelse\nbuild:\nelse\nendif\n"}, nil, nil, "Makefile:4: a second else of the ifdef at line 1, so make stops there (\"only one 'else' per conditional\")"},
		{"else ifeq chain", map[string]string{"Makefile": "ifeq ($(OS),a)\nelse ifeq ($(OS),b)\nelse\nbuild:\nendif\n"}, []string{"build"}, nil, ""},
		{"define without endef", map[string]string{"Makefile": "build:\ndefine BODY\nall:\n"}, nil, nil, "Makefile:2: define BODY has no endef, so make stops there (\"missing 'endef', unterminated 'define'\")"},
		{"tab-indented directives are recipe lines", map[string]string{"Makefile": "build:\n\tendif\n\telse\n"}, []string{"build"}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules, err := MakeRulesRun(mapReader(tt.files), nil, "Makefile")
			if tt.broken != "" {
				var u *MakeUnreadable
				if !errors.As(err, &u) || err.Error() != tt.broken {
					t.Fatalf("err = %v, want the Makefile unreadable: %s", err, tt.broken)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var targets, patterns []string
			for _, r := range rules.Targets {
				targets = append(targets, r.Name)
			}
			for _, r := range rules.Patterns {
				patterns = append(patterns, r.Name)
			}
			if !slices.Equal(targets, tt.targets) || !slices.Equal(patterns, tt.patterns) || rules.Gap != "" {
				t.Errorf("targets %q, patterns %q, gap %q; want %q, %q, no gap", targets, patterns, rules.Gap, tt.targets, tt.patterns)
			}
		})
	}
}

// TestParseMakeValues checks that make's options that take a value are read as make's
// getopt reads them: written in the word (-Csvc, --directory=svc) or in the next one
// (-kC svc), which is then no goal, a bundle's letters after the option being its value
// (-Cn is the directory n, no dry run).
func TestParseMakeValues(t *testing.T) {
	tests := []struct {
		cmd        string
		dir, file  string
		goals      []string
		dryRun     string
		ignoreErrs bool
	}{
		{cmd: "make -C svc test", dir: "svc", goals: []string{"test"}},
		{cmd: "make -Csvc test", dir: "svc", goals: []string{"test"}},
		{cmd: "make -kC svc test", dir: "svc", goals: []string{"test"}},
		{cmd: "make --directory=svc test", dir: "svc", goals: []string{"test"}},
		{cmd: "make --dir svc test", dir: "svc", goals: []string{"test"}},
		{cmd: "make -C svc -C api test", dir: "svc/api", goals: []string{"test"}},
		{cmd: "make -Cn test", dir: "n", goals: []string{"test"}},
		{cmd: "make -nC svc test", dir: "svc", goals: []string{"test"}, dryRun: "-nC"},
		{cmd: "make -ifci.mk test", file: "ci.mk", goals: []string{"test"}, ignoreErrs: true},
		{cmd: "make --makefile=ci.mk test", file: "ci.mk", goals: []string{"test"}},
		{cmd: "make -I include test", goals: []string{"test"}},
		{cmd: "make -j4 test", goals: []string{"test"}},
		{cmd: "make -j 4 test", goals: []string{"test"}}, // a number after -j is its value
		{cmd: "make --jobs 4 test", goals: []string{"test"}},
		{cmd: "make -l 2.5 -k test", goals: []string{"test"}},
		{cmd: "make -j test", goals: []string{"test"}}, // no number: -j alone, test a goal
		{cmd: "make -O target test", goals: []string{"target", "test"}},
	}
	for _, tt := range tests {
		t.Run(tt.cmd, func(t *testing.T) {
			mc, ok := parseMake(command{words: strings.Fields(tt.cmd)})
			if !ok {
				t.Fatal("not read as make")
			}
			if mc.dir != tt.dir || mc.file != tt.file || !slices.Equal(mc.goals, tt.goals) || mc.dryRun != tt.dryRun || mc.ignore != tt.ignoreErrs {
				t.Errorf("dir %q, file %q, goals %q, dry run %q, ignore %v; want %q, %q, %q, %q, %v", mc.dir, mc.file, mc.goals, mc.dryRun, mc.ignore, tt.dir, tt.file, tt.goals, tt.dryRun, tt.ignoreErrs)
			}
		})
	}
}

// TestMakefileReadingStops reads a large Makefile, and one whose lines are in the
// files it includes, with a context that is done after n looks at it, for n from
// none to one less than the whole reading takes: each reading returns the
// context's error and no Makefile, as the audit is stopped.
func TestMakefileReadingStops(t *testing.T) {
	var lines, inc strings.Builder
	for i := range 4000 {
		fmt.Fprintf(&lines, "X%d := $(subst a,b,$(Y)) $(patsubst %%a,%%b,$(Y))\n", i)
		fmt.Fprintf(&inc, "include mk/%d.mk\n", i)
	}
	r := openInline(t, map[string]string{
		"go.mod":      "module example.test/m\n\ngo 1.26\n",
		"main.go":     "package main\n\nfunc main() {}\n",
		"Makefile":    "Y := aaaa aaaa\nbuild:\n\tgo build ./...\n" + lines.String(),
		"includes.mk": inc.String(),
		"mk/0.mk":     "include mk/1.mk\n" + lines.String(),
		"mk/1.mk":     lines.String(),
	})
	for _, p := range []string{"Makefile", "includes.mk"} {
		t.Run(p, func(t *testing.T) {
			whole := &doneAfter{Context: context.Background(), n: math.MaxInt}
			if mf, err := parseMakefile(whole, r, p); err != nil || mf == nil {
				t.Fatalf("read with a context never done: %v", err)
			}
			for _, n := range []int{0, 1, whole.calls / 2, whole.calls - 1} {
				if mf, err := parseMakefile(&doneAfter{Context: context.Background(), n: n}, r, p); !errors.Is(err, context.Canceled) || mf != nil {
					t.Errorf("done after %d of %d looks: error %v, want %v and no Makefile", n, whole.calls, err, context.Canceled)
				}
			}
		})
	}
}

// TestMakeAssign reads lines as global assignments, as update reads them too: each
// operator, :::= of GNU make 4.4 first, the modifiers in any order, and lines that
// are none (a rule, a target's assignment, a recipe line).
func TestMakeAssign(t *testing.T) {
	tests := []struct{ text, want string }{
		{"X :::= v", "|X|:::=|v"},
		{"X::=v", "|X|::=|v"},
		{"X := $(shell date)", "|X|:=|$(shell date)"},
		{"X ?= v", "|X|?=|v"},
		{"X += v", "|X|+=|v"},
		{"X != echo v", "|X|!=|echo v"},
		{"X = a = b", "|X|=|a = b"},
		{"override export private X := v", "override export private |X|:=|v"},
		{"build: X := v", ""},
		{"build: dep", ""},
		{"\tX := v", ""},
	}
	for _, tt := range tests {
		mods, name, op, value, ok := MakeAssign(tt.text)
		got := ""
		if ok {
			got = mods + "|" + name + "|" + op + "|" + value
		}
		if got != tt.want {
			t.Errorf("MakeAssign(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
