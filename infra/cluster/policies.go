package cluster

import (
	_ "embed"
	"fmt"
)

// LoadBalancerControllerPolicy is the AWS Load Balancer Controller's IAM
// policy exactly as the controller publishes it for v2.13.2, the version
// chart 1.13.2 runs (docs/install/iam_policy.json at tag v2.13.2). Take the
// new file with every chart upgrade: the controller calls what its version's
// policy allows, and a hand-trimmed copy fails only once a feature needs it.
//
//go:embed lb-controller-iam-policy.json
var LoadBalancerControllerPolicy string

// autoscalerPolicy lets cluster-autoscaler read every Auto Scaling group but
// resize only the groups EKS tagged as belonging to this cluster.
func autoscalerPolicy(clusterName string) string {
	return fmt.Sprintf(`{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances",
        "autoscaling:DescribeLaunchConfigurations", "autoscaling:DescribeScalingActivities",
        "autoscaling:DescribeTags", "ec2:DescribeImages", "ec2:DescribeInstanceTypes",
        "ec2:DescribeLaunchTemplateVersions", "ec2:GetInstanceTypesFromInstanceRequirements",
        "eks:DescribeNodegroup"
      ],
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "Action": ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
      "Resource": "*",
      "Condition": {"StringEquals": {"aws:ResourceTag/k8s.io/cluster-autoscaler/%s": "owned"}}
    }
  ]
}`, clusterName)
}
