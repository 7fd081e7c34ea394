// The Podo synthetic check (CloudWatch Synthetics, Node.js): one step per URL in
// PODO_CHECK_URLS; a step fails unless the URL answers 200. Synthetics counts
// a run with a failed step as a failure in its SuccessPercent metric.
const synthetics = require("Synthetics");

const check = (url) => async (res) => {
  await new Promise((resolve, reject) => {
    res.on("data", () => {});
    res.on("end", resolve);
    res.on("error", reject);
  });
  if (res.statusCode !== 200) {
    throw new Error(`${url} answered ${res.statusCode} ${res.statusMessage}`);
  }
};

exports.handler = async () => {
  for (const url of process.env.PODO_CHECK_URLS.split(" ")) {
    const u = new URL(url);
    await synthetics.executeHttpStep(
      u.host + u.pathname,
      {
        hostname: u.hostname,
        method: "GET",
        path: u.pathname + u.search,
        port: 443,
        protocol: "https:",
        headers: { "User-Agent": await synthetics.getCanaryUserAgentString() },
      },
      check(url),
    );
  }
};
