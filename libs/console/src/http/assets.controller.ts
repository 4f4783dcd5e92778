import { existsSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@app/common';
import { assetFolders } from '../views/console-views';

const FOLDERS = assetFolders();

/**
 * GOV.UK Frontend's and MoJ Frontend's built styles, scripts, fonts and images, and the console's
 * own, under /assets (where GOV.UK Frontend's styles look for their fonts and images). Only files
 * under those folders; no listing.
 */
@Public()
@ApiExcludeController()
@Controller('assets')
export class AssetsController {
  @Get('*path')
  asset(@Param('path') path: string | string[], @Res() res: Response): void {
    const relative = normalize(`/${Array.isArray(path) ? path.join('/') : path}`);
    if (!/^[/A-Za-z0-9._-]+$/.test(relative) || relative.includes('..')) throw new NotFoundException();
    for (const folder of FOLDERS) {
      const prefix = folder.url.replace(/^\/assets/, '');
      if (!relative.startsWith(`${prefix}/`)) continue;
      const file = join(folder.dir, relative.slice(prefix.length));
      if (!existsSync(file)) continue;
      res.setHeader('Cache-Control', 'public, max-age=3600');
      return res.sendFile(file);
    }
    throw new NotFoundException();
  }
}
