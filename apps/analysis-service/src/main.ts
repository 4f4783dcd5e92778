import 'reflect-metadata';
import { bootstrapHttpApp, loadConfig } from '@app/common';
import { AnalysisServiceConfig } from './analysis-service.config';
import { AnalysisServiceModule } from './analysis-service.module';

async function main(): Promise<void> {
  const config = loadConfig(AnalysisServiceConfig);
  await bootstrapHttpApp(AnalysisServiceModule.forRoot(config), config, {
    title: 'Safeguard analysis service',
    description: "The board's analysis: the problem profile, training coverage, the biannual board reports and the regional picture. Aggregates only, suppressed wherever they leave the platform.",
    serves: ['GET /analysis/profile', 'GET /analysis/reports', 'GET /analysis/regional', 'POST /training/records'],
  });
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
