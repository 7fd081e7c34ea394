module github.com/podo-tickets/podo/alerts

go 1.26.8

require (
	github.com/podo-tickets/podo/app v0.0.0
	github.com/podo-tickets/podo/dashboards v0.0.0
	gopkg.in/yaml.v3 v3.0.1
)

replace (
	github.com/podo-tickets/podo/app => ../app
	github.com/podo-tickets/podo/dashboards => ../dashboards
)
