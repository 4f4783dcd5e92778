/** `npm run openapi:types`: compiles the platform's OpenAPI document into test/support/api-types.ts. */
import { API_TYPES_PATH, compileApiTypes, platformOpenApiDocument } from './openapi-document';

async function main(): Promise<void> {
  compileApiTypes(await platformOpenApiDocument(), API_TYPES_PATH);
  console.log(`Wrote ${API_TYPES_PATH}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
