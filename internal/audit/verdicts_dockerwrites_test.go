package audit

import (
	"strings"
	"testing"
)

// dockerSourcing returns a service whose Dockerfile's build stage (golang:1.26,
// WORKDIR /src) runs lines, with the files of extra.
func dockerSourcing(lines string, extra map[string]string) map[string]string {
	return withFiles(map[string]string{
		"go.mod": buildGoMod, "main.go": buildMainGo,
		"Dockerfile": "FROM golang:1.26 AS build\nWORKDIR /src\n" + lines + "\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n",
	}, extra)
}

// TestDockerRunSourcedWrites: a sourced script that a RUN writes over is no file of
// the build context, whatever writes it (round 42): a redirection of another
// descriptor (2>), one over noclobber (>|, which is no pipe), an exec that opens it
// (exec 3>>), perl -pi (and -0pi, -lpi: -0 and -l take only digits), gawk -i inplace, a curl -o, -O or wget -O download; in an
// earlier RUN, or in the same RUN after the script was read. What reads it, or
// writes another file, leaves it the context's.
func TestDockerRunSourcedWrites(t *testing.T) {
	const (
		static  = "the final image is static and the binary is built with CGO_ENABLED=0"
		untied  = "a script that this audit cannot tie to a file of the build context"
		build   = "go build -o /bin/svc ."
		off     = "export CGO_ENABLED=0\n"
		sourced = "\nRUN . ./env.sh; " + build
	)
	written := func(run string) map[string]string {
		return dockerSourcing("COPY . .\nRUN "+run+sourced, map[string]string{"env.sh": off})
	}
	runBuildCases(t, []buildCase{
		{name: "2> env.sh", files: written("echo export CGO_ENABLED=1 2> env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: ">| env.sh", files: written("echo 'export CGO_ENABLED=1' >| env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: ">|env.sh", files: written("echo 'export CGO_ENABLED=1' >|env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "exec 3>> env.sh", files: written("exec 3>> env.sh; echo 'export CGO_ENABLED=1' >&3"), check: "static-image", want: Unknown, message: untied},
		{name: "exec 3>/src/env.sh", files: written("exec 3>/src/env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "perl -pi -e", files: written("perl -pi -e 's/=0/=1/' env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "perl -i.bak -pe", files: written("perl -i.bak -pe 's/=0/=1/' env.sh"), check: "static-image", want: Unknown, message: untied},
		// -0 and -l take only digits (perlrun): the letters after them are options
		{name: "perl -0pi -e", files: written("perl -0pi -e 's/=0/=1/' env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "perl -lpi -e", files: written("perl -lpi -e 's/=0/=1/' env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "perl -0777pi -e", files: written("perl -0777pi -e 's/=0/=1/' env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "perl -l0pi -e", files: written("perl -l0pi -e 's/=0/=1/' env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "perl -l012pi -e", files: written("perl -l012pi -e 's/=0/=1/' env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "perl -dpi -e", files: written("perl -dpi -e 's/=0/=1/' env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "awk -i inplace", files: written("awk -i inplace '{ sub(/=0/, \"=1\") } 1' env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "gawk -iinplace -v x=1 -f edit.awk", files: written("gawk -iinplace -v x=1 -f edit.awk env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "curl -o env.sh", files: written("curl -o env.sh https://example.com/env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "curl -fsSLo env.sh", files: written("curl -fsSLo env.sh https://example.com/env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "curl --output=env.sh", files: written("curl --output=env.sh https://example.com/env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "curl -O of a URL ending in env.sh", files: written("curl -fsSLO https://example.com/cfg/env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "wget -O env.sh", files: written("wget -O env.sh https://example.com/env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "wget -qO env.sh", files: written("wget -qO env.sh https://example.com/cfg"), check: "static-image", want: Unknown, message: untied},
		{name: "wget --output-document=env.sh", files: written("wget --output-document=env.sh https://example.com/cfg"), check: "static-image", want: Unknown, message: untied},
		{name: "curl -o in the same RUN after the script was read", files: dockerSourcing("COPY . .\nRUN . ./env.sh; curl -fsSLo env.sh https://example.com/env.sh; . ./env.sh; "+build, map[string]string{"env.sh": off}), check: "static-image", want: Unknown, message: untied},
		// reading it, writing elsewhere or to a descriptor
		{name: "2>&1 into a pipe", files: written("sh ./env.sh 2>&1 | cat"), check: "static-image", want: Pass, message: static},
		{name: ">&2", files: written("cat env.sh >&2"), check: "static-image", want: Pass, message: static},
		{name: "perl -Mstrict -pe: no -i", files: written("perl -Mstrict -pe 1 env.sh"), check: "static-image", want: Pass, message: static},
		{name: "perl -0x69 -pe: 0x69 is -0's value, no -i", files: written("perl -0x69 -pe 1 env.sh"), check: "static-image", want: Pass, message: static},
		{name: "perl -F:i -pe: :i is -F's value, no -i", files: written("perl -F:i -pe 1 env.sh"), check: "static-image", want: Pass, message: static},
		{name: "perl -d:Trace=i -pe: -d's module, no -i", files: written("perl -d:Trace=i -pe 1 env.sh"), check: "static-image", want: Pass, message: static},
		{name: "awk without inplace", files: written("awk '{ print }' env.sh > /tmp/out"), check: "static-image", want: Pass, message: static},
		{name: "curl -o another file", files: written("curl -o other.sh https://example.com/env.sh"), check: "static-image", want: Pass, message: static},
		{name: "wget -qO- to the standard output", files: written("wget -qO- https://example.com/env.sh"), check: "static-image", want: Pass, message: static},
		{name: "wget without -O: env.sh.1 beside it", files: written("wget https://example.com/env.sh"), check: "static-image", want: Pass, message: static},
	})
}

// TestDockerRunSourcedByName: a RUN that sources a script named without a slash
// (. env.sh, source env.sh) does not read the working directory's file first, as
// the shell looks the name up in the directories of PATH (round 42): dash, the
// /bin/sh of Debian and Ubuntu images, and zsh's . look there alone ("not found"
// where none holds it); bash and busybox's ash (Alpine's sh, built with
// ASH_BASH_SOURCE_CURDIR) look there first, then in the working directory. This
// audit cannot list those directories: UNKNOWN, naming ./env.sh. zsh's source
// looks in the working directory first, and a name with a slash is no search.
func TestDockerRunSourcedByName(t *testing.T) {
	const (
		static = "the final image is static and the binary is built with CGO_ENABLED=0"
		build  = "go build -o /bin/svc ."
		off    = "export CGO_ENABLED=0\n"
	)
	on := func(base, lines string) map[string]string {
		files := dockerSourcing(lines, map[string]string{"env.sh": off, "scripts/env.sh": off})
		files["Dockerfile"] = strings.Replace(files["Dockerfile"], "golang:1.26", base, 1)
		return files
	}
	runBuildCases(t, []buildCase{
		{name: ". env.sh under the /bin/sh of golang:1.26 (dash: PATH alone)", files: on("golang:1.26", "COPY . .\nRUN . env.sh; "+build), check: "static-image", want: Unknown,
			message: "runs after `. env.sh` (Dockerfile:4), a script named without a directory, which the RUN's shell, /bin/sh, looks for in the directories of PATH alone, not in the working directory"},
		{name: ". env.sh under a dash SHELL", files: on("golang:1.26", "SHELL [\"/bin/dash\", \"-c\"]\nCOPY . .\nRUN . env.sh; "+build), check: "static-image", want: Unknown, message: "dash looks for in the directories of PATH alone"},
		{name: "source env.sh under the /bin/sh of golang:1.26-alpine (busybox ash: PATH, then the directory)", files: on("golang:1.26-alpine", "ENV CGO_ENABLED=1\nCOPY . .\nRUN source env.sh; "+build), check: "static-image", want: Unknown,
			message: "busybox's ash, the /bin/sh of Alpine images, looks for in the directories of PATH first, then in the working directory, and this audit cannot tell what those directories hold: write `source ./env.sh`"},
		{name: ". env.sh under alpine's ash", files: on("alpine:3.22", "RUN apk add --no-cache go\nCOPY . .\nRUN . env.sh; "+build), check: "static-image", want: Unknown, message: "busybox's ash"},
		{name: "source env.sh under a bash SHELL", files: on("golang:1.26", "SHELL [\"/bin/bash\", \"-c\"]\nCOPY . .\nRUN source env.sh && "+build), check: "static-image", want: Unknown,
			message: "bash looks for in the directories of PATH first, then in the working directory"},
		{name: "source env.sh in a RUN <<EOS bash heredoc", files: on("golang:1.26", "COPY . .\nRUN <<EOS bash\nsource env.sh\n"+build+"\nEOS"), check: "static-image", want: Unknown, message: "bash looks for in the directories of PATH first"},
		{name: ". env.sh in a script sourced by its path", files: withFiles(on("golang:1.26", "COPY . .\nRUN . ./main.sh; "+build), map[string]string{"main.sh": ". env.sh\n"}), check: "static-image", want: Unknown, message: "runs after `. env.sh`"},
		{name: ". env.sh under zsh: PATH alone", files: on("golang:1.26", "SHELL [\"/bin/zsh\", \"-c\"]\nCOPY . .\nRUN . env.sh; "+build), check: "static-image", want: Unknown, message: "zsh looks for in the directories of PATH alone"},
		// read as the working directory's file
		{name: "source env.sh under zsh: the working directory first", files: on("golang:1.26", "SHELL [\"/bin/zsh\", \"-c\"]\nCOPY . .\nRUN source env.sh; "+build), check: "static-image", want: Pass, message: static},
		{name: ". ./env.sh under dash", files: on("golang:1.26", "COPY . .\nRUN . ./env.sh; "+build), check: "static-image", want: Pass, message: static},
		{name: ". scripts/env.sh: a name with a slash", files: on("golang:1.26", "COPY . .\nRUN . scripts/env.sh; "+build), check: "static-image", want: Pass, message: static},
		{name: "source ./env.sh under busybox ash", files: on("golang:1.26-alpine", "ENV CGO_ENABLED=1\nCOPY . .\nRUN source ./env.sh; "+build), check: "static-image", want: Pass, message: static},
	})
}

// TestDockerRunTopLevelReturn: a return outside a function in a RUN (no sourced
// script) ends it under dash; bash's fails (status 2) and goes on, but stops the
// RUN under -e: what follows may not run, under a SHELL of bash -e as under sh
// (round 42: README said bash goes on).
func TestDockerRunTopLevelReturn(t *testing.T) {
	const build = "go build -o /bin/svc ."
	runBuildCases(t, []buildCase{
		{name: "bash -e: the return stops the RUN", files: dockerSourcing("SHELL [\"/bin/bash\", \"-e\", \"-c\"]\nENV CGO_ENABLED=0\nRUN return 0; export CGO_ENABLED=1; "+build, nil), check: "static-image", want: Unknown, message: "may run with CGO_ENABLED=0 and may not"},
		{name: "bash -e heredoc: the return stops the script", files: dockerSourcing("ENV CGO_ENABLED=0\nRUN <<EOS bash -e\nreturn 0\nexport CGO_ENABLED=1\n"+build+"\nEOS", nil), check: "static-image", want: Unknown, message: "may run with CGO_ENABLED=0 and may not"},
	})
}

// TestDockerRunNestedSourcedAt: a script a RUN sources that sources another names
// that second source where the first script writes it, file and line (round 43: it
// showed (:0), no file and no line), however deep.
func TestDockerRunNestedSourcedAt(t *testing.T) {
	const (
		build = "go build -o /bin/svc ."
		crlf  = "a script with CRLF line ends"
	)
	nested := func(extra map[string]string) map[string]string {
		return dockerSourcing("COPY . .\nRUN . ./a.sh; "+build, extra)
	}
	runBuildCases(t, []buildCase{
		{name: "a.sh sources a CRLF b.sh", files: nested(map[string]string{"a.sh": "X=1\n. ./b.sh\n", "b.sh": "export CGO_ENABLED=0\r\n"}),
			check: "static-image", want: Unknown, message: "runs after `. ./b.sh` (a.sh:2), " + crlf},
		{name: "a.sh sources b.sh by a bare name", files: nested(map[string]string{"a.sh": "X=1\n\n. b.sh\n", "b.sh": "export CGO_ENABLED=0\n"}),
			check: "static-image", want: Unknown, message: "runs after `. b.sh` (a.sh:3), a script named without a directory"},
		{name: "three deep: c.sh's source is b.sh's", files: nested(map[string]string{"a.sh": ". ./b.sh\n", "b.sh": "Y=1\nif true; then\n  . ./c.sh\nfi\n", "c.sh": "export CGO_ENABLED=0\r\n"}),
			check: "static-image", want: Unknown, message: "runs after `. ./c.sh` (b.sh:3), " + crlf},
		{name: "a continued line: the line it starts on", files: nested(map[string]string{"a.sh": "X=1 \\\n  Y=2\n. \\\n  ./b.sh\n", "b.sh": "export CGO_ENABLED=0\r\n"}),
			check: "static-image", want: Unknown, message: "(a.sh:3), " + crlf},
	})
}

// TestDockerRunSourcedOnPath: a RUN that sources a script named without a slash
// (. env.sh) finds it in the PATH the stage's ENV sets, its directories in order,
// $PATH standing for the base image's, which this audit cannot list (round 43: the
// ENV PATH was not looked at, so ENV PATH=/src:$PATH left it UNKNOWN). What the
// RUN's shell changes of PATH before the source (export, NAME=value ., a sourced
// script), a directory before it that the base image may fill, and a later ENV
// PATH leave it UNKNOWN.
func TestDockerRunSourcedOnPath(t *testing.T) {
	const (
		static = "the final image is static and the binary is built with CGO_ENABLED=0"
		named  = "a script named without a directory"
		build  = "go build -o /bin/svc ."
		off    = "export CGO_ENABLED=0\n"
	)
	src := func(lines string) map[string]string {
		return dockerSourcing(lines, map[string]string{"env.sh": off, "scripts/env.sh": off, "on.sh": "export CGO_ENABLED=1\n", "path.sh": "export PATH=/opt/bin:$PATH\n",
			"cgo.sh": off, "scripts/cgo.sh": "export CGO_ENABLED=1\n", "scripts/by-name.sh": ". env.sh\n", "crlf.sh": "export PATH=/opt/bin:$PATH\r\n"})
	}
	runBuildCases(t, []buildCase{
		{name: "ENV PATH=/src:$PATH", files: src("ENV PATH=/src:$PATH\nCOPY . .\nRUN . env.sh; " + build), check: "static-image", want: Pass, message: static},
		{name: "ENV PATH=/src/scripts:${PATH}", files: src("ENV PATH=/src/scripts:${PATH}\nCOPY . .\nRUN . env.sh; " + build), check: "static-image", want: Pass, message: static},
		{name: "ENV PATH=scripts:$PATH, relative to the working directory", files: src("ENV PATH=scripts:$PATH\nCOPY . .\nRUN . env.sh; " + build), check: "static-image", want: Pass, message: static},
		{name: "under a bash SHELL", files: src("SHELL [\"/bin/bash\", \"-c\"]\nENV PATH=/src:$PATH\nCOPY . .\nRUN source env.sh && " + build), check: "static-image", want: Pass, message: static},
		// cgo.sh sets CGO_ENABLED=0, scripts/cgo.sh CGO_ENABLED=1: the first directory that holds it counts
		{name: "two ENV PATH: /src, then /src/scripts", files: src("ENV PATH=/src/scripts:$PATH\nENV PATH=/src:$PATH\nCOPY . .\nRUN . cgo.sh; " + build), check: "static-image", want: Pass, message: static},
		{name: "two ENV PATH: /src/scripts, then /src", files: src("ENV PATH=/src:$PATH\nENV PATH=/src/scripts:$PATH\nCOPY . .\nRUN . cgo.sh; " + build), check: "static-image", want: Fail},
		{name: "the file read: it sets CGO_ENABLED=1", files: src("ENV PATH=/src:$PATH\nCOPY . .\nRUN . on.sh; " + build), check: "static-image", want: Fail},
		// undecidable
		{name: "ENV PATH=$PATH:/src: the base image's directories first", files: src("ENV PATH=$PATH:/src\nCOPY . .\nRUN . env.sh; " + build), check: "static-image", want: Unknown, message: named},
		{name: "a directory before it the base image may fill", files: src("ENV PATH=/opt/bin:/src:$PATH\nCOPY . .\nRUN . env.sh; " + build), check: "static-image", want: Unknown, message: named},
		{name: "export PATH in the RUN before it", files: src("ENV PATH=/src:$PATH\nCOPY . .\nRUN export PATH=/opt/bin:$PATH; . env.sh; " + build), check: "static-image", want: Unknown, message: named},
		{name: "PATH=... . env.sh", files: src("ENV PATH=/src:$PATH\nCOPY . .\nRUN PATH=/opt/bin . env.sh; " + build), check: "static-image", want: Unknown, message: named},
		{name: "a sourced script changes PATH before it", files: src("ENV PATH=/src:$PATH\nCOPY . .\nRUN . ./path.sh; . env.sh; " + build), check: "static-image", want: Unknown, message: named},
		{name: "a script sourced after export PATH sources it", files: src("ENV PATH=/src:$PATH\nCOPY . .\nRUN export PATH=/opt/bin:$PATH; . ./scripts/by-name.sh; " + build), check: "static-image", want: Unknown, message: named},
		{name: "after a script this audit cannot read", files: src("ENV PATH=/src:$PATH\nCOPY . .\nRUN . ./crlf.sh; . env.sh; " + build), check: "static-image", want: Unknown, message: named},
		{name: "the same RUN sources it again after export PATH", files: src("ENV PATH=/src:$PATH\nCOPY . .\nRUN . env.sh; export PATH=/opt/bin:$PATH; . env.sh; " + build), check: "static-image", want: Unknown, message: named},
		{name: "a later ENV PATH, between two RUNs", files: src("ENV PATH=/src:$PATH\nCOPY . .\nRUN . env.sh\nENV PATH=/opt/bin:$PATH\nRUN . env.sh; " + build), check: "static-image", want: Unknown, message: named},
		{name: "an earlier RUN writes it", files: src("ENV PATH=/src:$PATH\nCOPY . .\nRUN echo 'export CGO_ENABLED=1' > env.sh\nRUN . env.sh; " + build), check: "static-image", want: Unknown},
		{name: "ARG PATH without a value: the base image's", files: src("ARG PATH\nCOPY . .\nRUN . env.sh; " + build), check: "static-image", want: Unknown, message: named},
		{name: "ENV PATH=:/opt/bin: the working directory first", files: src("ENV PATH=:/opt/bin\nCOPY . .\nRUN . env.sh; " + build), check: "static-image", want: Pass, message: static},
		{name: "a SHELL through env -i", files: src("SHELL [\"/usr/bin/env\", \"-i\", \"/bin/sh\", \"-c\"]\nENV PATH=/src:$PATH\nCOPY . .\nRUN . env.sh; " + build), check: "static-image", want: Unknown},
	})
}

// TestDockerRunSourcedWriteOptions: the value of sed's -l (--line-length) and of
// perl's -I, in the word after the option, is no script and no file the command
// edits (round 43: sed -i -l 80 '$d' notes.txt took 80 for the script and '$d', a
// path through a variable, for a file it writes, any file; perl -I scripts -pi took
// the directory scripts for one). A file after them is still edited.
func TestDockerRunSourcedWriteOptions(t *testing.T) {
	const (
		static = "the final image is static and the binary is built with CGO_ENABLED=0"
		untied = "a script that this audit cannot tie to a file of the build context"
		build  = "go build -o /bin/svc ."
		off    = "export CGO_ENABLED=0\n"
	)
	run := func(edit, script string) map[string]string {
		return dockerSourcing("COPY . .\nRUN "+edit+"\nRUN . ./"+script+"; "+build, map[string]string{"env.sh": off, "scripts/env.sh": off, "notes.txt": "a\n"})
	}
	runBuildCases(t, []buildCase{
		{name: "sed -i -l 80 '$d' notes.txt", files: run("sed -i -l 80 '$d' notes.txt", "env.sh"), check: "static-image", want: Pass, message: static},
		{name: "sed -l 80 -i '$d' notes.txt", files: run("sed -l 80 -i '$d' notes.txt", "env.sh"), check: "static-image", want: Pass, message: static},
		{name: "sed --line-length 80 -i '$d' notes.txt", files: run("sed --line-length 80 -i '$d' notes.txt", "env.sh"), check: "static-image", want: Pass, message: static},
		{name: "sed -nl 80 -i '$d' notes.txt", files: run("sed -nl 80 -i '$d' notes.txt", "env.sh"), check: "static-image", want: Pass, message: static},
		{name: "sed -i -l80 '$d' notes.txt", files: run("sed -i -l80 '$d' notes.txt", "env.sh"), check: "static-image", want: Pass, message: static},
		{name: "perl -I scripts -pi -e", files: run("perl -I scripts -pi -e 's/a/b/' notes.txt", "scripts/env.sh"), check: "static-image", want: Pass, message: static},
		{name: "perl -pI scripts -i -e", files: run("perl -pI scripts -i -e 's/a/b/' notes.txt", "scripts/env.sh"), check: "static-image", want: Pass, message: static},
		// the file after them is edited
		{name: "sed -i -l 80 '$d' env.sh", files: run("sed -i -l 80 '$d' env.sh", "env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "sed -l 80 -e '$d' -i env.sh", files: run("sed -l 80 -e '$d' -i env.sh", "env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "perl -I scripts -pi -e env.sh", files: run("perl -I scripts -pi -e 's/=0/=1/' scripts/env.sh", "scripts/env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "perl -Iscripts -pi -e env.sh", files: run("perl -Iscripts -pi -e 's/=0/=1/' env.sh", "env.sh"), check: "static-image", want: Unknown, message: untied},
	})
}
