module example.com/fixtures/work/svc

go 1.25

require example.com/fixtures/work/lib v0.0.0

replace example.com/fixtures/work/lib => ../lib
