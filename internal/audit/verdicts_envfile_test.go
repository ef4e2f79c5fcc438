package audit

import "testing"

// TestModVerifyEnvFile checks that a checksum bypass a step writes into $GITHUB_ENV,
// which sets it for every later step of the job, or a GitLab job into its dotenv
// report, which sets it for the later jobs, fails modverify as an export does, and
// that lines written elsewhere, or to the standard error, do not count.
func TestModVerifyEnvFile(t *testing.T) {
	ci := func(run string) map[string]string {
		return map[string]string{
			"go.mod":  buildGoMod,
			"main.go": buildMainGo,
			".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" +
				"      - run: " + run + "\n      - run: go mod verify\n",
		}
	}
	makefile := func(recipe string) map[string]string {
		files := ci("make env")
		files["Makefile"] = ".PHONY: env\nenv:\n\t" + recipe + "\n"
		return files
	}
	gitlab := func(script, artifacts string) map[string]string {
		return map[string]string{
			"go.mod":  buildGoMod,
			"main.go": buildMainGo,
			".gitlab-ci.yml": "vars:\n  stage: build\n  script:\n    - " + script + "\n" + artifacts +
				"\nverify:\n  stage: test\n  script:\n    - go mod verify\n",
		}
	}
	const dotenv = "  artifacts:\n    reports:\n      dotenv: build.env\n"
	runBuildCases(t, []buildCase{
		{name: "echo >> \"$GITHUB_ENV\"", files: ci(`echo "GOSUMDB=off" >> "$GITHUB_ENV"`), check: "modverify", want: Fail, message: "GOSUMDB=off turns the checksum database off", at: ".github/workflows/ci.yml:6"},
		{name: "echo >>${GITHUB_ENV}", files: ci(`echo GONOSUMDB='*' >>${GITHUB_ENV}`), check: "modverify", want: Fail, message: "GONOSUMDB=* turns the checksum database off"},
		{name: "printf lines", files: ci(`printf 'CGO_ENABLED=0\nGOPRIVATE=*\n' >> $GITHUB_ENV`), check: "modverify", want: Fail, message: "GOPRIVATE=* turns the checksum database off for every module"},
		{name: "printf %s", files: ci(`printf '%s\n' GOINSECURE=example.test >> $GITHUB_ENV`), check: "modverify", want: Fail, message: "GOINSECURE=example.test fetches modules over plain HTTP"},
		{name: "piped into tee -a", files: ci(`echo "GOSUMDB=off" | tee -a "$GITHUB_ENV"`), check: "modverify", want: Fail, message: "GOSUMDB=off turns the checksum database off"},
		{name: "PowerShell", files: ci(`echo "GOSUMDB=off" >> $env:GITHUB_ENV`), check: "modverify", want: Fail, message: "GOSUMDB=off turns the checksum database off"},
		{name: "a make recipe CI runs", files: makefile(`echo GOSUMDB=off >> $$GITHUB_ENV`), check: "modverify", want: Fail, message: "GOSUMDB=off turns the checksum database off", at: "Makefile:3"},
		{name: "a step output, not env", files: ci(`echo "GOSUMDB=off" >> "$GITHUB_OUTPUT"`), check: "modverify", want: Pass, message: "no checksum bypass"},
		{name: "another file", files: ci(`echo "GOSUMDB=off" > notes.txt`), check: "modverify", want: Pass, message: "no checksum bypass"},
		{name: "to the standard error", files: ci(`echo "GOSUMDB=off" 2>> "$GITHUB_ENV"`), check: "modverify", want: Pass, message: "no checksum bypass"},
		{name: "the default database", files: ci(`echo "GOSUMDB=sum.golang.org" >> "$GITHUB_ENV"`), check: "modverify", want: Pass, message: "no checksum bypass"},
		{name: "echo without -e keeps \\n", files: ci(`echo 'A=1\nGOSUMDB=off' >> "$GITHUB_ENV"`), check: "modverify", want: Pass, message: "no checksum bypass"},
		{name: "gitlab: a dotenv report", files: gitlab(`echo "GOSUMDB=off" >> build.env`, dotenv), check: "modverify", want: Fail, message: "GOSUMDB=off turns the checksum database off", at: ".gitlab-ci.yml:4"},
		{name: "gitlab: a dotenv report from $CI_PROJECT_DIR", files: gitlab(`cd sub && echo "GONOSUMDB=*" > "$CI_PROJECT_DIR/build.env"`, "  artifacts:\n    reports:\n      dotenv: [other.env, build.env]\n"), check: "modverify", want: Fail, message: "GONOSUMDB=* turns the checksum database off"},
		{name: "gitlab: written from another directory", files: gitlab(`cd sub && echo "GOSUMDB=off" >> build.env`, dotenv), check: "modverify", want: Pass, message: "no checksum bypass"},
		{name: "gitlab: a file no report names", files: gitlab(`echo "GOSUMDB=off" >> build.env`, "  artifacts:\n    paths: [build.env]\n"), check: "modverify", want: Pass, message: "no checksum bypass"},
	})
}
