/*
 * DOC: fuzz harness of trace --batch input (vpcsim/trace_batch.h)
 *
 * One input = the bytes of a --batch file: written to an unlinked
 * temporary file, read back through the bounded line reader, each line
 * parsed as a query and traced against a small fixed network (two
 * instances, an internet gateway), the answer written by the JSON writer.
 * Checks the reader's contract: lines are numbered 1, 2, ... in order,
 * never longer than TRACE_BATCH_MAX_LINE, a too-long line has no text; a
 * parsed query has both ends.  Everything is freed.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "vpcsim/diag.h"
#include "vpcsim/load.h"
#include "vpcsim/trace.h"
#include "vpcsim/trace_batch.h"

/* clang-format off */
static const char net[] =
	"{\"Region\":\"us-east-1\",\"Vpcs\":[{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.0.0/16\"}],"
	"\"Subnets\":[{\"SubnetId\":\"subnet-1\",\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.1.0/24\","
	"\"AvailabilityZone\":\"us-east-1a\"}],"
	"\"InternetGateways\":[{\"InternetGatewayId\":\"igw-1\",\"Attachments\":[{\"VpcId\":\"vpc-1\","
	"\"State\":\"available\"}]}],"
	"\"RouteTables\":[{\"RouteTableId\":\"rtb-1\",\"VpcId\":\"vpc-1\",\"Associations\":[{\"Main\":true}],"
	"\"Routes\":[{\"DestinationCidrBlock\":\"10.0.0.0/16\",\"GatewayId\":\"local\"},"
	"{\"DestinationCidrBlock\":\"0.0.0.0/0\",\"GatewayId\":\"igw-1\"}]}],"
	"\"SecurityGroups\":[{\"GroupId\":\"sg-1\",\"GroupName\":\"a\",\"VpcId\":\"vpc-1\","
	"\"IpPermissions\":[{\"IpProtocol\":\"tcp\",\"FromPort\":443,\"ToPort\":443,"
	"\"IpRanges\":[{\"CidrIp\":\"0.0.0.0/0\"}]}],"
	"\"IpPermissionsEgress\":[{\"IpProtocol\":\"-1\",\"IpRanges\":[{\"CidrIp\":\"0.0.0.0/0\"}]}]}],"
	"\"NetworkInterfaces\":[{\"NetworkInterfaceId\":\"eni-1\",\"SubnetId\":\"subnet-1\",\"VpcId\":\"vpc-1\","
	"\"PrivateIpAddress\":\"10.0.1.10\",\"Groups\":[{\"GroupId\":\"sg-1\"}],"
	"\"Attachment\":{\"InstanceId\":\"i-1\",\"DeviceIndex\":0}},"
	"{\"NetworkInterfaceId\":\"eni-2\",\"SubnetId\":\"subnet-1\",\"VpcId\":\"vpc-1\","
	"\"PrivateIpAddress\":\"10.0.1.20\",\"Groups\":[{\"GroupId\":\"sg-1\"}],"
	"\"Attachment\":{\"InstanceId\":\"i-2\",\"DeviceIndex\":0}}],"
	"\"Reservations\":[{\"Instances\":[{\"InstanceId\":\"i-1\",\"State\":{\"Name\":\"running\"},"
	"\"SubnetId\":\"subnet-1\",\"VpcId\":\"vpc-1\",\"PrivateIpAddress\":\"10.0.1.10\","
	"\"NetworkInterfaces\":[{\"NetworkInterfaceId\":\"eni-1\"}]},"
	"{\"InstanceId\":\"i-2\",\"State\":{\"Name\":\"running\"},\"SubnetId\":\"subnet-1\","
	"\"VpcId\":\"vpc-1\",\"PrivateIpAddress\":\"10.0.1.20\","
	"\"NetworkInterfaces\":[{\"NetworkInterfaceId\":\"eni-2\"}]}]}]}";
/* clang-format on */

static void fuzz_require(int cond)
{
	if (!cond)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *tmp = tmpfile();
	if (!tmp)
		return 0;
	if (size && fwrite(data, 1, size, tmp) != size) {
		fclose(tmp);
		return 0;
	}
	fflush(tmp);
	int fd = dup(fileno(tmp));
	fclose(tmp);
	if (fd < 0 || lseek(fd, 0, SEEK_SET) != 0) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	struct diag_list *d = diag_list_new();
	struct model *m = NULL;
	struct trace_ctx *ctx = NULL;
	struct trace_result *res = calloc(1, sizeof(*res));
	struct trace_batch_reader *r = NULL;
	fuzz_require(d && res);
	fuzz_require(load_snapshot_buffer("net.json", net, sizeof(net) - 1, NULL, d, &m) == 0);
	fuzz_require(trace_ctx_build(m, &ctx) == 0);
	fuzz_require(trace_batch_reader_new(fd, &r) == 0);
	struct trace_batch_line ln;
	unsigned long last = 0;
	static char out[1 << 16];
	while (trace_batch_next(r, &ln)) {
		fuzz_require(ln.lineno > last);
		last = ln.lineno;
		fuzz_require(ln.len <= TRACE_BATCH_MAX_LINE && (!ln.too_long || ln.len == 0));
		if (ln.too_long)
			continue;
		struct trace_query q;
		cJSON *req = NULL;
		const char *why = trace_batch_parse(ln.text, ln.len, &q, &req);
		if (!why) {
			fuzz_require(q.from && q.to);
			char err[256];
			if (trace_run(ctx, &q, res, err, sizeof(err)) == 0)
				(void)trace_result_json_write(res, out, sizeof(out));
		}
		cJSON_Delete(req);
	}
	fuzz_require(trace_batch_reader_errno(r) == 0);
	trace_batch_reader_free(r);
	close(fd);
	trace_ctx_free(ctx);
	model_free(m);
	diag_list_free(d);
	free(res);
	return 0;
}
