module git.corp.example/team/api

go 1.26

require git.corp.example/team/lib v0.3.0
