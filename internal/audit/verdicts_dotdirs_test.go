package audit

import "testing"

// TestVerdictsOnDotDirectories audits build files in directories starting with ".",
// which the go command's patterns leave out but CI systems, GitLab includes and
// deployments use: the files a GitLab pipeline includes from .gitlab/ are read, the
// CI systems of .buildkite/, .woodpecker/, .gitea/, .forgejo/, .semaphore/ and .tekton/
// (and buildspec.yml, cloudbuild.yaml, azure-pipelines.yaml, a Jenkinsfile at any depth or Jenkinsfile.NAME, the
// YAML of .azure-pipelines/, .pipelines/ and .circleci/) are other CI, UNKNOWN, and the manifests of .k8s/
// count; the Go code of such a directory, and what lies in .git/, are not read.
func TestVerdictsOnDotDirectories(t *testing.T) {
	base := func(extra map[string]string) map[string]string {
		return withFiles(map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo}, extra)
	}
	include := ".gitlab-ci.yml"
	job := "test:\n  script:\n    - go vet ./...\n    - go test -race ./...\n    - go mod verify\n    - go run honnef.co/go/tools/cmd/staticcheck@v0.6.0 ./...\n"
	gitlab := func(job string) map[string]string {
		return base(map[string]string{include: "include:\n  - local: .gitlab/ci/test.yml\nstages: [test]\n", ".gitlab/ci/test.yml": job})
	}
	other := func(p string) map[string]string {
		return base(map[string]string{p: "steps:\n  - command: go vet ./... && go test -race ./... && go mod verify\n"})
	}
	deployment := func(env string) string {
		return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc\nspec:\n  template:\n    spec:\n      containers:\n        - name: svc\n          image: ghcr.io/acme/svc:1.0\n          env:\n" + env
	}
	const fixed = "            - name: GOMEMLIMIT\n              value: \"400MiB\"\n            - name: GOMAXPROCS\n              value: \"8\"\n"
	const notRead = "CI configuration"
	// a GitHub workflow that only lints, beside a Jenkinsfile that runs the rest
	lintAndJenkins := base(map[string]string{
		".github/workflows/lint.yml": "on: [pull_request]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: golangci/golangci-lint-action@v6\n        with:\n          args: --disable-all -E errcheck\n",
		"Jenkinsfile":                "pipeline {\n  stages {\n    stage('test') {\n      steps {\n        sh 'go vet ./... && go mod verify && go test -race ./...'\n      }\n    }\n  }\n}\n",
	})
	full := "on: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go vet ./...\n      - run: go test -race ./...\n      - run: go mod verify\n      - run: golangci-lint run\n"
	tests := []checkCase{
		{name: "a GitLab job file included from .gitlab/", files: gitlab(job), check: "ci", want: Pass, message: "CI runs go vet, go test -race and a linter"},
		{name: "GOSUMDB=off in a GitLab job file included from .gitlab/", files: gitlab("variables:\n  GOSUMDB: \"off\"\n" + job), check: "modverify", want: Fail, message: "GOSUMDB=off turns the checksum database off"},
		{name: "go mod verify in a GitLab job file included from .gitlab/", files: gitlab(job), check: "modverify", want: Pass, message: "CI verifies modules"},
		{name: "GitLab job files included by a wildcard", files: base(map[string]string{include: "include:\n  - local: .gitlab/ci/*.yml\n",
			".gitlab/ci/lint.yml": "lint:\n  script:\n    - go vet ./...\n    - golangci-lint run\n", ".gitlab/ci/test.yml": "test:\n  script:\n    - go test -race ./...\n"}), check: "ci", want: Pass, message: "CI runs go vet, go test -race and a linter"},
		{name: "GitLab job files included by a ** wildcard string", files: base(map[string]string{include: "include: '.gitlab/**.yml'\n",
			".gitlab/lint.yml": "lint:\n  script:\n    - go vet ./...\n    - golangci-lint run\n", ".gitlab/ci/go/test.yml": "test:\n  script:\n    - go test -race ./...\n"}), check: "ci", want: Pass, message: "CI runs go vet, go test -race and a linter"},
		{name: "a * wildcard stays in its directory", files: base(map[string]string{include: "include:\n  - local: .gitlab/*.yml\n",
			".gitlab/lint.yml": "lint:\n  script:\n    - go vet ./...\n    - golangci-lint run\n", ".gitlab/ci/test.yml": "test:\n  script:\n    - go test -race ./...\n"}), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "a wildcard that matches nothing", files: base(map[string]string{include: "include:\n  - local: .gitlab/ci/*.yml\nlint:\n  script:\n    - go vet ./...\n"}), check: "ci", want: Unknown, message: "included files"},
	}
	for _, p := range []string{".buildkite/pipeline.yml", ".woodpecker/ci.yml", ".gitea/workflows/ci.yml", ".forgejo/workflows/ci.yaml", ".semaphore/semaphore.yml", "buildspec.yml", "cloudbuild.yaml", ".tekton/pull-request.yaml", ".tekton/tasks/test.yml", "azure-pipelines.yaml", "azure-pipelines.yml",
		// at the paths a Jenkins job's Script Path, an Azure pipeline's YAML path or a CircleCI pipeline's configuration file usually name
		"ci/Jenkinsfile", "jenkins/Jenkinsfile", "Jenkinsfile.release", "ci/release.jenkinsfile", ".azure-pipelines/ci.yml", ".azure-pipelines/templates/test.yaml",
		".pipelines/build.yaml", "ci/azure-pipelines.yml", "azure-pipelines-release.yml", ".circleci/config.yaml", ".circleci/continue_config.yml"} {
		tests = append(tests,
			checkCase{name: "ci of " + p, files: other(p), check: "ci", want: Unknown, message: "this CI is not read"},
			checkCase{name: "modverify of " + p, files: other(p), check: "modverify", want: Unknown, message: "this CI is not read"})
	}
	tests = append(tests,
		checkCase{name: "a lint workflow beside a Jenkinsfile: ci", files: lintAndJenkins, check: "ci", want: Unknown, message: "CI does not run go vet, go test -race in the files read; Jenkinsfile, CI this audit does not read, may"},
		checkCase{name: "a lint workflow beside a Jenkinsfile: modverify", files: lintAndJenkins, check: "modverify", want: Unknown, message: "in the files read; Jenkinsfile, CI this audit does not read, may"},
		checkCase{name: "a full workflow beside a Jenkinsfile: ci", files: withFiles(lintAndJenkins, map[string]string{".github/workflows/lint.yml": full}), check: "ci", want: Pass, message: "CI runs go vet, go test -race and a linter"},
		checkCase{name: "a full workflow beside a Jenkinsfile: modverify", files: withFiles(lintAndJenkins, map[string]string{".github/workflows/lint.yml": full}), check: "modverify", want: Pass, message: "CI verifies modules"},
		checkCase{name: "a YAML file of ci/ that is no pipeline", files: base(map[string]string{"ci/values.yml": "x: 1\n"}), check: "ci", want: Warn, message: "no " + notRead},
		checkCase{name: "a YAML file of .buildkite/ that is no pipeline", files: base(map[string]string{".buildkite/hooks.yml": "x: 1\n"}), check: "ci", want: Warn, message: "no " + notRead},
		checkCase{name: "a Deployment in .k8s/ fixes GOMAXPROCS", files: base(map[string]string{".k8s/deploy.yaml": deployment(fixed)}), check: "procs", want: Fail, message: "GOMAXPROCS is set to a fixed value"},
		checkCase{name: "a Deployment in .deploy/prod/ sets GOMEMLIMIT", files: base(map[string]string{".deploy/prod/deploy.yaml": deployment("            - name: GOMEMLIMIT\n              value: \"400MiB\"\n")}), check: "procs", want: Pass, message: "a memory limit is set"},
		checkCase{name: "a manifest in .git/ is not read", files: base(map[string]string{".git/deploy.yaml": deployment(fixed)}), check: "procs", want: Warn, message: "no memory limit"},
		checkCase{name: "a manifest in .terraform/ is not read", files: base(map[string]string{".terraform/modules/k8s/deploy.yaml": deployment(fixed)}), check: "procs", want: Warn, message: "no memory limit"},
	)
	runCheckCases(t, tests)
}
