/**
 * What a dock may do with the keys it is handed (storage_config_get): put and read objects under its
 * own prefix, nothing else. Used as the STS session policy, which narrows the role's own rights.
 */

/** The key prefix of one dock's uploads inside the bucket. */
export function dockObjectPrefix(basePrefix: string, serial: string): string {
  return `${basePrefix}docks/${serial}/`;
}

export function dockSessionPolicy(bucket: string, prefix: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        Resource: [`arn:aws:s3:::${bucket}/${prefix}*`],
      },
    ],
  });
}
